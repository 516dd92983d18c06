"""Documents: 《titles》, letters' titles, documents named after a body, items adopted."""


def documents(candidates, text):
    return {(s, t, e) for s, t, e in candidates(text) if t in ("Document", "Organization")
            and e.startswith("grammar:") and e != "grammar:organization"}


def test_a_titled_document(candidates):
    assert ("《吉林省人才发展条例》", "Document", "grammar:titled-document") in documents(
        candidates, "审议《吉林省人才发展条例》。")


def test_a_newspaper_in_brackets_is_an_organization(candidates):
    assert ("《青川日报》", "Organization", "grammar:periodical") in documents(candidates, "据《青川日报》报道。")


def test_a_letters_own_title(candidates):
    text = "县人社局\n关于县政协十届三次会议第12号提案的答复\n王委员：您好。"
    assert ("关于县政协十届三次会议第12号提案的答复", "Document", "grammar:article-document") in documents(
        candidates, text)


def test_a_document_named_after_its_body(candidates):
    found = documents(candidates, "制定区委人才工作领导小组工作规则和办公室工作细则。")
    assert ("区委人才工作领导小组工作规则", "Document", "grammar:body-document") in found


def test_items_adopted_that_end_like_documents(candidates):
    found = documents(candidates, "会议审议通过关于加强人才工作的实施意见；关于表彰先进集体的决定。")
    assert ("关于加强人才工作的实施意见", "Document", "grammar:adopted-document") in found
    assert ("关于表彰先进集体的决定", "Document", "grammar:adopted-document") in found
