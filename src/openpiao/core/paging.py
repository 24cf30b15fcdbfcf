"""Long lists shown a page at a time: Django's Paginator on `?pagina=`, the other parameters of
the address (filters, the month) kept by the links of templates/includes/pages.html."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator

from .params import query_int


@dataclass
class Pages:
    page: Page
    query: str  # the address's other parameters, urlencoded

    @property
    def paged(self) -> bool:
        return self.page.paginator.num_pages > 1


def paginate(request, rows: list, per_page: int) -> Pages:
    page = Paginator(rows, per_page).get_page(query_int(request, "pagina") or 1)
    query = request.GET.copy()
    query.pop("pagina", None)
    return Pages(page, query.urlencode())
