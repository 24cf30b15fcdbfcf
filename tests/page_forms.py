"""What a browser would post: the form of a rendered page, read from its HTML.

Form tests start from this instead of hand-written values, so a field the template forgets
to render (a hidden version, a prefilled value) fails the test as it fails the user.
"""

import lxml.html


def page_form(response, index: int = -1, **changes) -> dict:
    """The successful controls of the page's form number `index` (default: the last one,
    after the header's search or logout forms), with `changes` applied as a user would type."""
    html = response.content.decode()
    forms = [form for form in lxml.html.fromstring(html).forms if form.method.lower() == "post"]
    assert forms, "la pagina non contiene un modulo da inviare"
    data: dict = {}
    for name, value in forms[index].form_values():
        data.setdefault(name, []).append(value)
    # A browser drops the newline that opens a textarea's content (HTML parsing rules); lxml keeps it.
    for element in forms[index].inputs:
        if element.tag == "textarea" and element.name in data:
            data[element.name] = [v[1:] if v.startswith("\n") else v for v in data[element.name]]
    # A browser sends "" for a text or hidden input without a value; lxml leaves it out.
    for element in forms[index].inputs:
        if _sent_empty(element):
            data.setdefault(element.name, [""])
    data.pop("csrfmiddlewaretoken", None)
    data = {name: values[0] if len(values) == 1 else values for name, values in data.items()}
    for name, value in changes.items():
        assert name in data or _has_control(forms[index], name), f"il modulo non ha il campo «{name}»"
        data[name] = value
    return data


def _has_control(form, name: str) -> bool:
    return any(element.get("name") == name for element in form.inputs)


def _sent_empty(element) -> bool:
    return (
        element.tag == "input"
        and bool(element.name)
        and "value" not in element.attrib
        and "disabled" not in element.attrib
        and not element.checkable
        and element.type not in ("submit", "image", "reset", "file")
    )


class _Fragment:
    def __init__(self, html: str):
        self.content = f'<form method="post">{html}</form>'.encode()


def add_row(client, url: str, data: dict, prefix: str, **values) -> int:
    """Add a blank row to the formset `prefix` of `data` as the page does (templates/includes/
    formset.html and static/openpiao/formset-rows.js): the row is asked of the server (htmx) with
    the formset's TOTAL_FORMS as its number, its controls join `data` with `values` typed in
    (field names without the prefix), and TOTAL_FORMS grows by one. Returns the row's number."""
    total = f"{prefix}-TOTAL_FORMS"
    index = int(data[total])
    response = client.get(url, {"tabella": prefix, "riga": str(index)}, headers={"HX-Request": "true"})
    assert response.status_code == 200, response.status_code
    typed = {f"{prefix}-{index}-{name}": value for name, value in values.items()}
    data.update(page_form(_Fragment(response.content.decode()), **typed))
    data[total] = str(index + 1)
    return index


def remove_row(data: dict, prefix: str, index: int) -> None:
    """«Rimuovi riga» on a row added on the page: marked deleted, it is neither checked nor saved."""
    data[f"{prefix}-{index}-DELETE"] = "on"
