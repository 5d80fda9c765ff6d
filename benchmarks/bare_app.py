"""The yardstick for the web benchmark: the smallest FastAPI app, served as `backrub serve` is.

`GET /bare` answers a small JSON object; `POST /bare` parses a JSON object and
answers it back, through FastAPI's own body parsing and response encoding. The
ratio of an endpoint's throughput to these shows what backrub itself costs,
whatever the machine. `python benchmarks/bare_app.py --port P` serves it with the
same `uvicorn.run` call as `backrub serve` (src/backrub/cli/serve.py): one
process, uvicorn's default loop and HTTP parser (uvloop and httptools when
installed); keep the two alike.
"""

from __future__ import annotations

import argparse
from typing import Annotated, Any

from fastapi import Body, FastAPI

app = FastAPI()


@app.get("/bare")
async def bare() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/bare")
async def echo(body: Annotated[dict[str, Any], Body()]) -> dict[str, Any]:
    return body


if __name__ == "__main__":
    import uvicorn

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    options = parser.parse_args()
    uvicorn.run(app, host=options.host, port=options.port, log_level="warning")
