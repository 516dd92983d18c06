"""Stage 1: finding and decoding files; what cannot be read is skipped and said, and a
damaged file keeps what is good in it."""
import os

import pytest

import kg
from kg.errors import InputError
from kg.ingest.load import decode, find_files, read_source

TEXT = "省政协召开常委会会议，朱国贤主持会议。"
ARTICLE = ("本报讯 3月5日，青川县委召开常委会会议，县委书记罗景明主持会议。\n"
           "会议强调，要深入实施“清溪人才”计划，推动乡村振兴。\n")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be",
                                      "big5"])
def test_decodes_the_encodings_articles_arrive_in(encoding):
    text = TEXT if encoding != "big5" else "省政協召開常委會會議，朱國賢主持會議。"
    body = (text * 20).encode(encoding)
    assert decode(body).text == text * 20


def test_utf16_without_a_bom_is_text_not_binary():
    for encoding in ("utf-16-le", "utf-16-be"):
        decoded = decode(("第一段\n" + ARTICLE * 5).encode(encoding))
        assert decoded.text == "第一段\n" + ARTICLE * 5 and decoded.encoding == encoding and decoded.replaced == 0


def test_bom_is_not_part_of_the_text():
    decoded = decode(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    assert decoded.text == TEXT and decoded.encoding == "utf-8-sig"


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


def test_one_bad_byte_keeps_the_article_and_says_how_many(tmp_path):
    data = ARTICLE.encode("utf-8")
    cut = data.index("罗景明".encode("utf-8")) - 3
    damaged = data[:cut] + b"\xff" + data[cut:]
    decoded = decode(damaged)
    assert decoded.encoding == "utf-8" and decoded.replaced == 1 and "罗景明" in decoded.text
    assert decoded.text.count("\ufffd") == 1
    # a file cut in the middle of its last character
    truncated = decode(data[:-2])
    assert truncated.replaced == 2 and truncated.text == ARTICLE[:-2] + "\ufffd"  # two bytes of 。
    path = tmp_path / "damaged.txt"
    path.write_bytes(damaged)
    report = kg.BuildReport()
    graph = kg.build_graph([path], report=report)
    assert report.documents == ["damaged.txt"] and not report.skipped
    assert report.warnings == [f"{path}: 1 byte that are not utf-8 replaced by U+FFFD"]
    assert kg.find_nodes(graph, "罗景明")


def test_a_file_without_chinese_is_skipped_and_said(tmp_path):
    p = tmp_path / "notes.txt"
    p.write_text("just some English notes\n" * 10)
    report = kg.BuildReport()
    kg.build_graph([p], report=report)
    assert [s.reason for s in report.skipped] == ["no Chinese text (decoded as utf-8)"]


def test_folders_expand_sorted_and_missing_paths_fail(tmp_path):
    (tmp_path / "b.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "skip.pdf").write_bytes(b"%PDF")
    (tmp_path / "page.html").write_text(f"<p>{TEXT}</p>", encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "c.md").write_text(TEXT, encoding="utf-8")
    found = find_files([tmp_path])
    assert [p.name for p in found.files] == ["a.txt", "b.txt", "page.html", "c.md"] and not found.skipped
    with pytest.raises(InputError, match="no such file"):
        find_files([tmp_path / "nope"])


def test_what_is_no_article_file_is_skipped_and_counted(tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "folder.txt").mkdir()
    (tmp_path / "folder.txt" / "inside.txt").write_text(ARTICLE.replace("青川", "旺苍"), encoding="utf-8")
    os.symlink(tmp_path / "gone.txt", tmp_path / "dangling.txt")
    os.symlink(tmp_path, tmp_path / "loop")
    found = find_files([tmp_path])
    assert [p.name for p in found.files] == ["inside.txt", "good.txt"]
    reasons = {os.path.basename(s.path): s.reason for s in found.skipped}
    assert reasons.keys() == {"pipe.txt", "folder.txt", "dangling.txt", "loop"}, reasons
    assert "FIFO" in reasons["pipe.txt"] and "dangling" in reasons["dangling.txt"] and "loop" in reasons["loop"]


def test_a_fifo_swapped_in_is_refused_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "late.txt")
    with pytest.raises(ValueError, match="FIFO"):
        read_source(tmp_path / "late.txt")


def test_gb18030_file_reads_as_chinese(tmp_path):
    p = tmp_path / "gb.txt"
    p.write_bytes((TEXT * 10).encode("gb18030"))
    src = read_source(p)
    assert src.text == TEXT * 10 and src.encoding.replace("_", "").lower() in ("gb18030", "gbk", "gb2312")


def test_a_page_is_markup_by_its_name_or_its_content(tmp_path):
    (tmp_path / "a.html").write_text(f"<p>{TEXT}</p>", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"<!DOCTYPE html>\n<html><body><p>{TEXT}</p></body></html>", encoding="utf-8")
    (tmp_path / "c.txt").write_text(f"{TEXT}<不是标签>", encoding="utf-8")
    assert read_source(tmp_path / "a.html").markup and read_source(tmp_path / "b.txt").markup
    assert not read_source(tmp_path / "c.txt").markup
