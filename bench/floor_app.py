"""The framework's floor for `bench/load.py`: a bare FastAPI app on uvicorn answering one asyncpg query as small
JSON — what a read costs with nothing of the platform around it (no auth, no tenant, no ORM, no middleware).

    DATABASE_URL=postgresql://… python -m uvicorn bench.floor_app:app --port 9999   (or: python bench/floor_app.py PORT)
"""

from __future__ import annotations

import os
import sys
from contextlib import asynccontextmanager

import asyncpg
from fastapi import FastAPI
from fastapi.responses import JSONResponse

QUERY = "SELECT id::text, nummer, naam, versie FROM sporen.spoor WHERE id = $1::uuid"


@asynccontextmanager
async def lifespan(app: FastAPI):  # noqa: ANN201
    app.state.pool = await asyncpg.create_pool(os.environ["FLOOR_DATABASE_URL"], min_size=4, max_size=10)
    yield
    await app.state.pool.close()


app = FastAPI(lifespan=lifespan, openapi_url=None, docs_url=None, redoc_url=None)


@app.get("/spoor/{spoor_id}")
async def spoor(spoor_id: str) -> JSONResponse:
    row = await app.state.pool.fetchrow(QUERY, spoor_id)
    return JSONResponse(dict(row) if row else {"detail": "not found"}, status_code=200 if row else 404)


if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", access_log=False)
