"""Readers' messages to the editors (tracker/feedback.py): anyone who can read the site may send one; the editors
(the editors' group in proxy mode, the admin token) list them, set their status and note, and download them as
CSV. Every listing and file is logged with who and when, as the other reports are."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Request, Response
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from .. import db, exports, feedback
from ..attempts import Refused
from ..deps import EditorDep, EngineDep, ExportsDep, SettingsDep, proxy_user
from ..schemas import FeedbackChangeIn, FeedbackIn, FeedbackItem, FeedbackReceived
from .reports import _FILE, CsvFormat, _download

router = APIRouter(tags=["feedback"])

FeedbackId = Annotated[
    str,
    Path(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", description="Id-en til meldinga"),
]


@router.post(
    "/feedback",
    status_code=201,
    response_model=FeedbackReceived,
    responses={
        200: {"model": FeedbackReceived, "description": "Received before: the same id (stored once)"},
        409: {"description": "The id was used for a different message"},
        422: {
            "description": "Not a valid message, or one with a national identity number or D-number in it (nothing of it stored or logged)"
        },
        429: {"description": "The sender's 21st new message of the day"},
    },
)
async def send(
    body: FeedbackIn, request: Request, response: Response, settings: SettingsDep, engine: EngineDep
) -> FeedbackReceived:
    """A reader's message about a page or a section of it. Sent again with the same id, it is stored once and
    answered 200. At most 20 new ones a local day from one person: the login's user, or in form mode the address
    the message comes from."""
    sender = (
        proxy_user(request, settings)
        if settings.identity == "proxy"
        else (request.client.host if request.client else "ukjend")
    )
    try:
        received, created = await feedback.receive(body, sender, engine=engine, timezone=settings.timezone)
    except Refused as exc:
        raise HTTPException(exc.status, exc.message) from None
    if not created:
        response.status_code = 200
    return received


@router.get("/feedback", response_model=list[FeedbackItem])
def listing(editor: EditorDep, settings: SettingsDep, engine: EngineDep) -> list[FeedbackItem]:
    """Every message, newest first, with the text as the reader wrote it, its status, note and changes."""
    exports.audit(engine, editor.who, "feedback", {"format": "json"})
    return feedback.listed(engine, settings.timezone)


@router.get("/feedback.csv", response_class=StreamingResponse, responses=_FILE)
async def listing_csv(
    app: ExportsDep,
    editor: EditorDep,
    format: CsvFormat = "excel",
) -> StreamingResponse:
    """The messages as CSV in the managers' dialect, newest first."""
    return await _download(app, editor, exports.ExportRequest("feedback", format))


@router.patch(
    "/feedback/{feedback_id}", response_model=FeedbackItem, responses={404: {"description": "No message with that id"}}
)
async def change(
    feedback_id: FeedbackId, body: FeedbackChangeIn, editor: EditorDep, settings: SettingsDep, engine: EngineDep
) -> FeedbackItem:
    """Set a message's status and note; who and when are recorded with the change."""
    if not await run_in_threadpool(db.change_feedback, engine, feedback_id, body.status, body.note, editor.who):
        raise HTTPException(404, "Inga melding har den id-en. Last sida på nytt.")
    rows = await run_in_threadpool(db.all_feedback, engine)
    return feedback.item(next(r for r in rows if r["feedback_id"] == feedback_id), settings.timezone)
