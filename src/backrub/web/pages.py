"""What every page handler shares: one page's data rendered by its template, or the same
data as JSON, and the submitted form.

A handler builds its page's data with one function from its feature's `views.py`
(a frozen dataclass) and hands it to `render` or `show`; `views.TEMPLATES` says
which template shows which type.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import FormData

from backrub.web.deps import TemplatesDep
from backrub.web.intake import views


def render(
    templates: TemplatesDep, request: Request, page: Any, status_code: int = 200
) -> Response:
    """Render the template of `page`'s type (`views.TEMPLATES`) with `page` as its data."""
    name = views.TEMPLATES[type(page)]
    return templates.TemplateResponse(request, name, {"page": page}, status_code=status_code)


def wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def show(templates: TemplatesDep, request: Request, page: Any, status_code: int = 200) -> Response:
    """The page, or its data as JSON when the request asks for JSON only."""
    if wants_json(request):
        return JSONResponse(asdict(page), status_code=status_code)
    return render(templates, request, page, status_code=status_code)


async def posted_form(request: Request) -> FormData:
    """The submitted form, read on the event loop so that handlers can stay plain `def`s."""
    return await request.form()


PostedForm = Annotated[FormData, Depends(posted_form)]
