"""The OpenAPI description is served and is a valid OpenAPI 3 document."""

from openapi_spec_validator import validate

from tests.api.routes import routes


def test_the_schema_is_served_and_valid(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    validate(schema)  # raises on any error of the OpenAPI 3.1 schema
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "OpenPIAO API"
    assert schema["components"]["securitySchemes"]["TokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "Chiave API personale, creata dall'utente nella pagina «Chiavi API» del suo ente.",
    }
    # Every route has a summary in Italian for the reader of the description.
    summaries = [op["summary"] for ops in schema["paths"].values() for op in ops.values()]
    assert len(summaries) == len(routes()) and all(summaries)
