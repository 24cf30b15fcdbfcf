"""Migration 0010 moves the frozen versions' bytes out of the database into stored files, byte
for byte: run for real on a new database of the suite's kind, from 0009 with an adopted version
to 0010, in the process that applies every migration (tests/migrated.py)."""


def test_the_frozen_files_move_to_the_storage(migrated):
    moved = migrated["files"]
    assert "error" not in moved, moved.get("error")
    assert moved["contents"] == ['{"a": 1}', "%PDF-1.7 atto", "PK atto"]
    stem = "versioni/prova/2025/v1/prova-piao-2025-2027"
    assert moved["names"] == [f"{stem}.json", f"{stem}.pdf", f"{stem}.docx"]
