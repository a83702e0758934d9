// The HTML report's inline style and its one small script (sorting and filtering the asset table).

export const HTML_STYLE = `
:root{--pass:#1a7f37;--warn:#9a6700;--fail:#cf222e;--error:#6e40c9;--line:#d0d7de;--muted:#57606a;--bg:#f6f8fa}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;margin:0;background:#fff}
header{padding:20px 28px 8px;border-bottom:1px solid var(--line);background:var(--bg)}
h1{margin:0 0 4px;font-size:22px}h2{font-size:17px;margin:28px 0 10px}
main{padding:0 28px 40px}
.lede{margin:4px 0 12px;color:var(--muted)}.lede strong{color:#1f2328}
code{font:12px/1.3 ui-monospace,SFMono-Regular,Menlo,monospace;background:var(--bg);border:1px solid var(--line);border-radius:4px;padding:1px 4px;white-space:nowrap}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:middle}
thead th{background:var(--bg);font-weight:600;position:sticky;top:0}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.verdicts{max-width:900px}.bar-cell{width:40%}
.bar{display:flex;height:14px;border-radius:7px;overflow:hidden;background:var(--bg)}
.seg.pass{background:var(--pass)}.seg.warn{background:#d4a72c}.seg.fail{background:var(--fail)}.seg.error{background:var(--error)}
.rules .fix{color:#1f2328;font-size:13px}
.badge{display:inline-block;min-width:42px;text-align:center;border-radius:10px;padding:1px 8px;font-size:12px;font-weight:600;color:#fff}
.badge.pass{background:var(--pass)}.badge.warn{background:#bf8700}.badge.fail{background:var(--fail)}.badge.error{background:var(--error)}
strong.pass,p.pass{color:var(--pass)}strong.fail{color:var(--fail)}
.error-text{color:var(--error)}
code.muted{color:var(--muted);background:#fff}code.failing{color:var(--fail);border-color:#ffcecb;background:#fff5f5}
span.muted{color:var(--muted)}
.scroll{overflow-x:auto}
.assets td.findings{min-width:200px}.assets td.findings code{display:inline-block;margin:1px 0}
.assets th[data-sort]{cursor:pointer;user-select:none}
.assets th[data-sort]::after{content:"\\a0\\2195";color:#8c959f}
.assets th[aria-sort=ascending]::after{content:"\\a0\\2191";color:#1f2328}
.assets th[aria-sort=descending]::after{content:"\\a0\\2193";color:#1f2328}
.assets td.asset{overflow-wrap:anywhere;min-width:180px;max-width:420px}
.thumb{width:60px;padding:3px}.thumb img{display:block;max-width:56px;max-height:56px;border-radius:3px;border:1px solid var(--line)}
.assets tbody tr:hover{background:#f6f8fa}
#filter{width:320px;max-width:100%;padding:6px 8px;border:1px solid var(--line);border-radius:6px;font:inherit}
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
