import io
from tests.factories import PASSWORD

def test_probe(client, make, app):
    admin = make.user(roles=("admin",))
    inst = make.institution()
    client.login(admin)
    for q in ["\\", "a\\", "%", "_", "\x00", "日本"]:
        r = client.get("/admin/users", query_string={"q": q})
        print("q", repr(q), r.status_code)
    r = client.get("/objectives/%00"); print("obj nul", r.status_code)
    data = {"name": "X Inst", "short_name": "XI", "sector": "government", "country": "JP", "website": "https://example.org/\x00"}
    r = client.post("/institutions/new", data); print("website nul", r.status_code)
    r = client.post("/auth/forgot", {"email": "a\x00@example.org"}); print("forgot nul", r.status_code)
    r = client.post("/auth/login", {"email": "a\x00@example.org", "password":"x"}); print("login nul", r.status_code)
    for junk in [b"\x89PNG\r\n\x1a\n" + b"junk" * 100, b"\x89PNG\r\n\x1a\n", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\xff"*20, b"\xff\xd8\xff" + b"junk"*50, b"\xff\xd8\xff"]:
        r = client.post(f"/institutions/{inst.id}/edit", {"name": inst.name, "short_name": "S", "sector": "government", "country": "JP", "logo": (io.BytesIO(junk), "logo.png")})
        print("junk", r.status_code)
