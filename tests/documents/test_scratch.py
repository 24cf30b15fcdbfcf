import io, time
from openpyxl import load_workbook
from openpiao.documents.workbook import plan_workbook, import_workbook

def values(content):
    book = load_workbook(io.BytesIO(content))
    return {s.title: [[c.value for c in r] for r in s.iter_rows()] for s in book.worksheets}

def test_scratch(casorate):
    t = time.time()
    first = plan_workbook(casorate)
    print("export", time.time() - t, len(first))
    open("/tmp/casorate.xlsx", "wb").write(first)
    t = time.time()
    out = import_workbook(casorate, first, user=None, preview=False)
    print("import", time.time() - t)
    print({k: (out.replaced.get(k), v) for k, v in out.created.items() if out.replaced.get(k) != v})
    casorate.refresh_from_db()
    second = plan_workbook(casorate)
    a, b = values(first), values(second)
    for k in a:
        print(k, len(a[k]) - 1, a[k] == b[k])
        if a[k] != b[k]:
            for r1, r2 in zip(a[k], b[k]):
                if r1 != r2: print(r1, r2); break
