def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_login_flow(client, make):
    user = make.user()
    client.login(user)
    assert client.get("/dashboard").status_code == 200
