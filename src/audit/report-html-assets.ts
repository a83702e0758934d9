// The HTML report's inline style and its one small script (sorting and filtering the asset table).

export const HTML_STYLE = `
:root{color-scheme:light dark;--pass:#1a7f37;--warn:#9a6700;--warn-bg:#bf8700;--fail:#cf222e;--error:#6e40c9;--na:#6e7781;--line:#d0d7de;--muted:#57606a;--bg:#f6f8fa;--page:#fff;--text:#1f2328;--fail-bg:#fff5f5;--fail-line:#ffcecb}
@media (prefers-color-scheme:dark){:root{--pass:#3fb950;--warn:#d29922;--warn-bg:#9e6a03;--fail:#f85149;--error:#a371f7;--na:#8b949e;--line:#30363d;--muted:#8b949e;--bg:#161b22;--page:#0d1117;--text:#e6edf3;--fail-bg:#2d1517;--fail-line:#6e2b2b}}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--text);margin:0;background:var(--page)}
header{padding:20px 28px 8px;border-bottom:1px solid var(--line);background:var(--bg)}
h1{margin:0 0 4px;font-size:22px}h2{font-size:17px;margin:28px 0 10px}
main{padding:0 28px 40px}
.lede{margin:4px 0 12px;color:var(--muted)}.lede strong{color:var(--text)}
code{font:12px/1.3 ui-monospace,SFMono-Regular,Menlo,monospace;background:var(--bg);border:1px solid var(--line);border-radius:4px;padding:1px 4px;white-space:nowrap}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:middle}
thead th{background:var(--bg);font-weight:600;position:sticky;top:0}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.verdicts{max-width:900px}.bar-cell{width:40%;min-width:80px}.na-count{color:var(--na)}
.bar{display:flex;height:14px;border-radius:7px;overflow:hidden;background:var(--bg)}
.seg.pass{background:var(--pass)}.seg.warn{background:var(--warn-bg)}.seg.fail{background:var(--fail)}.seg.error{background:var(--error)}
.rules .fix{font-size:13px}
.badge{display:inline-block;min-width:42px;text-align:center;border-radius:10px;padding:1px 8px;font-size:12px;font-weight:600;color:#fff}
.badge.pass{background:var(--pass)}.badge.warn{background:var(--warn-bg)}.badge.fail{background:var(--fail)}.badge.error{background:var(--error)}
.badge.na{background:transparent;color:var(--na);border:1px solid var(--na)}
strong.pass,p.pass{color:var(--pass)}strong.fail{color:var(--fail)}
.error-text{color:var(--error)}
code.muted{color:var(--muted);background:var(--page)}code.failing{color:var(--fail);border-color:var(--fail-line);background:var(--fail-bg)}
span.muted{color:var(--muted)}.muted-text{color:var(--muted)}code.target-id{font-size:11px;color:var(--muted);margin-left:4px}
.scroll{overflow-x:auto}
.assets td.findings{min-width:240px}.assets td.findings code{display:inline-block;margin:1px 0}.finding{margin:2px 0}
.assets th[data-sort]{cursor:pointer;user-select:none}
.assets th[data-sort]::after{content:"\\a0\\2195";color:var(--muted)}
.assets th[aria-sort=ascending]::after{content:"\\a0\\2191";color:var(--text)}
.assets th[aria-sort=descending]::after{content:"\\a0\\2193";color:var(--text)}
.assets td.asset{overflow-wrap:anywhere;min-width:180px;max-width:420px}
.thumb{width:60px;padding:3px}.thumb img{display:block;max-width:56px;max-height:56px;border-radius:3px;border:1px solid var(--line)}
.assets tbody tr:hover{background:var(--bg)}
#filter{width:320px;max-width:100%;padding:6px 8px;border:1px solid var(--line);border-radius:6px;font:inherit;background:var(--page);color:var(--text)}
@media (max-width:640px){
header{padding:14px 14px 6px}main{padding:0 14px 28px}
.verdicts th,.verdicts td{padding:5px 4px}.bar-cell{display:none}
.rules thead{display:none}.rules tr{display:block;border-bottom:1px solid var(--line);padding:6px 0}.rules td{display:inline-block;border:0;padding:2px 4px}.rules td.fix{display:block}
.assets thead{display:none}.assets,.assets tbody,.assets tr{display:block}
.assets tr{border-bottom:1px solid var(--line);padding:8px 0;display:grid;grid-template-columns:64px 1fr;gap:2px 8px}
.assets td{border:0;padding:1px 0;min-width:0;max-width:none}.assets td.thumb{grid-row:span 3}
.assets td:not(.thumb){grid-column:2}.assets td.asset{min-width:0;font-weight:600}.assets td.findings{grid-column:1/-1;min-width:0}
.assets td[data-label]:not(.asset):not(.findings):not(.thumb)::before{content:attr(data-label) ": ";color:var(--muted)}
.assets td.num{text-align:left}
}
`

// Sorts by a cell's data-v (numeric when both are numbers) or its text; filters rows by their text.
export const HTML_SCRIPT = `
(function(){
var table=document.getElementById('assets');if(!table)return;
var body=table.tBodies[0];
function key(row,i){var c=row.cells[i];var v=c.getAttribute('data-v');return v===null?c.textContent.trim():v}
table.querySelectorAll('th[data-sort]').forEach(function(th){
  function sort(){
    var i=th.cellIndex,dir=th.getAttribute('aria-sort')==='ascending'?-1:1;
    table.querySelectorAll('th[aria-sort]').forEach(function(x){x.removeAttribute('aria-sort')});
    th.setAttribute('aria-sort',dir===1?'ascending':'descending');
    var rows=Array.prototype.slice.call(body.rows);
    rows.sort(function(a,b){var x=key(a,i),y=key(b,i),nx=Number(x),ny=Number(y);
      if(x!==''&&y!==''&&!isNaN(nx)&&!isNaN(ny))return (nx-ny)*dir;return x.localeCompare(y)*dir});
    rows.forEach(function(r){body.appendChild(r)});
  }
  th.addEventListener('click',sort);
  th.addEventListener('keydown',function(e){if(e.key==='Enter'||e.key===' '){e.preventDefault();sort()}});
});
var filter=document.getElementById('filter');
if(filter)filter.addEventListener('input',function(){var q=filter.value.toLowerCase();
  Array.prototype.forEach.call(body.rows,function(r){r.hidden=q!==''&&r.textContent.toLowerCase().indexOf(q)<0})});
})();
`
