"""Stage 1: finding and decoding files."""
import pytest

from kg.load import InputError, decode, find_files, read_source

TEXT = "省政协召开常委会会议，朱国贤主持会议。"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_decodes_the_encodings_articles_arrive_in(encoding):
    body = (TEXT * 20).encode(encoding)
    text, _ = decode(body)
    assert text.lstrip("\ufeff") == TEXT * 20


def test_bom_is_not_part_of_the_text():
    text, enc = decode(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    assert text == TEXT and enc == "utf-8-sig"


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b"   \n\n ", "empty"),
    (bytes(range(256)) * 40, "binary"),
])
def test_rejects_what_is_not_text(data, reason):
    with pytest.raises(ValueError, match=reason):
        decode(data)


def test_undecodable_bytes_are_rejected():
    with pytest.raises(ValueError):
        decode(bytes([0x80 + (i * 37) % 127 for i in range(3000)]) + b"\xff\xfe\xfd" * 100)


def test_a_file_without_chinese_is_not_an_article(tmp_path):
    p = tmp_path / "notes.txt"
    p.write_text("just some English notes\n" * 10)
    with pytest.raises(ValueError, match="no Chinese"):
        read_source(p)


def test_folders_expand_sorted_and_missing_paths_fail(tmp_path):
    (tmp_path / "b.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "skip.pdf").write_bytes(b"%PDF")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "c.md").write_text(TEXT, encoding="utf-8")
    assert [p.name for p in find_files([tmp_path])] == ["a.txt", "b.txt", "c.md"]
    with pytest.raises(InputError, match="no such file"):
        find_files([tmp_path / "nope"])


def test_gb18030_file_reads_as_chinese(tmp_path):
    p = tmp_path / "gb.txt"
    p.write_bytes((TEXT * 10).encode("gb18030"))
    src = read_source(p)
    assert src.text == TEXT * 10 and src.encoding.replace("_", "").lower() in ("gb18030", "gbk", "gb2312")
