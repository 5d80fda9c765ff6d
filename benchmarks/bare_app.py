"""The yardstick for the web benchmark: the smallest FastAPI app, served the same way.

`GET /bare` answers a small JSON object, so the ratio of an endpoint's
throughput to this one's shows what backrub itself costs, whatever the machine.
"""

from __future__ import annotations

from fastapi import FastAPI

app = FastAPI()


@app.get("/bare")
async def bare() -> dict[str, str]:
    return {"status": "ok"}
