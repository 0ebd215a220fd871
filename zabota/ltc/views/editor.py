"""The methodology editor: drafts, their page of small forms, publishing, the preview."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zabota.core.access import allow
from zabota.core.forms import add_errors
from zabota.ltc.drafts import (
    OUTCOME_KINDS,
    SCORINGS,
    draft_problems,
    editable,
    number_text,
    preview,
    questions_of,
)
from zabota.ltc.forms import (
    DraftEditHeaderForm,
    DraftHeaderForm,
    DraftImportForm,
    EditorForm,
    NewVersionForm,
)
from zabota.ltc.models import Methodology
from zabota.ltc.selectors import get_methodology_for
from zabota.ltc.services import editor as services
from zabota.ltc.views.common import METHODOLOGIES_CRUMB

STALE_PAGE = "Форма устарела: откройте страницу черновика снова."


@allow("methodologies.manage")
def methodology_new(request: HttpRequest) -> HttpResponse:
    form = DraftHeaderForm(
        request.POST or None, initial={"outcome_kind": "level", "scoring": "points"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.draft_create(actor=request.staff, **form.header())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Черновик методики создан: добавьте вопросы и исходы.")
            return redirect("ltc:methodology_editor", pk=draft.pk)
    return render(
        request,
        "ltc/simple_form.html",
        {
            "form": form,
            "title": "Новая методика",
            "intro": "Общие сведения можно будет изменить в черновике до публикации.",
            "submit": "Создать черновик",
            "back_url": reverse("ltc:methodologies"),
            "breadcrumbs": [METHODOLOGIES_CRUMB, ("Новая методика", None)],
        },
    )


@allow("methodologies.manage")
def methodology_import(request: HttpRequest) -> HttpResponse:
    form = DraftImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.draft_import(
                actor=request.staff,
                file=form.cleaned_data["file"],
                version=form.cleaned_data["methodology_version"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Черновик создан из файла: проверьте его и опубликуйте.")
            return redirect("ltc:methodology_editor", pk=draft.pk)
    return render(
        request,
        "ltc/simple_form.html",
        {
            "form": form,
            "title": "Импорт методики из файла",
            "intro": "Файл станет черновиком: его можно поправить в редакторе и опубликовать.",
            "submit": "Импортировать",
            "multipart": True,
            "back_url": reverse("ltc:methodologies"),
            "breadcrumbs": [METHODOLOGIES_CRUMB, ("Импорт", None)],
        },
    )


@allow("methodologies.manage")
def methodology_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    methodology = get_methodology_for(request.staff, pk)
    if methodology.is_draft:
        return redirect("ltc:methodology_editor", pk=pk)
    form = NewVersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.draft_new_version(
                actor=request.staff,
                methodology=methodology,
                version=form.cleaned_data["methodology_version"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Создан черновик версии {draft.version}.")
            return redirect("ltc:methodology_editor", pk=draft.pk)
    return render(
        request,
        "ltc/simple_form.html",
        {
            "form": form,
            "title": f"Новая версия методики «{methodology.title}»",
            "intro": (
                f"Сейчас версия {methodology.version}. Новая версия — черновик с теми же "
                "вопросами и исходами; опубликованная версия не меняется."
            ),
            "submit": "Создать черновик",
            "back_url": reverse("ltc:methodology", args=[pk]),
            "breadcrumbs": [
                METHODOLOGIES_CRUMB,
                (str(methodology), reverse("ltc:methodology", args=[pk])),
                ("Новая версия", None),
            ],
        },
    )


@allow("methodologies.manage")
def methodology_editor(request: HttpRequest, pk: int) -> HttpResponse:
    methodology = get_methodology_for(request.staff, pk)
    if not methodology.is_draft:
        messages.info(request, "Методика опубликована и не изменяется; создайте новую версию.")
        return redirect("ltc:methodology", pk=pk)
    data = editable(methodology.data)
    return render(
        request,
        "ltc/methodology_editor.html",
        {
            "methodology": methodology,
            "typed": request.session.pop(_typed_key(methodology), None),
            "data": data,
            "header": _header_form(data),
            "blocks": _blocks(data),
            "outcomes": [
                {"index": i, **o, **_texts(o, ("value", "min", "max", "hours_per_week"))}
                for i, o in enumerate(data["outcomes"])
            ],
            "problems": draft_problems(data),
            "kind_title": OUTCOME_KINDS.get(data["outcome_kind"], ""),
            "breadcrumbs": [METHODOLOGIES_CRUMB, (f"Черновик: {methodology.title}", None)],
        },
    )


def _header_form(data: dict) -> DraftEditHeaderForm:
    initial = {k: data.get(k, "") for k in ("code", "title", "source")}
    initial["methodology_version"] = data.get("version", "")
    initial |= {
        "outcome_kind": data["outcome_kind"],
        "scoring": data["scoring"],
        "reassess_months": data.get("reassess_months", ""),
        "is_example": data.get("is_example", False),
    }
    return DraftEditHeaderForm(initial=initial, auto_id="header_%s")


def _blocks(data: dict) -> list[dict]:
    """The blocks with everything a question's forms need: its number, its options with points
    as typed, and the earlier questions a condition may name."""
    blocks, earlier, number = [], [], 0
    for b, block in enumerate(data["blocks"]):
        questions = []
        for q, question in enumerate(block["questions"]):
            number += 1
            condition = question.get("show_if") or {}
            target = next((e for e in earlier if e["code"] == condition.get("question")), None)
            questions.append(
                {
                    "index": q,
                    "number": number,
                    "code": question["code"],
                    "text": question["text"],
                    "options": [
                        {"index": o, **option, "points_text": number_text(option.get("points"))}
                        for o, option in enumerate(question["options"])
                    ],
                    "condition": condition,
                    "condition_target": target,
                    "earlier": list(earlier),
                }
            )
            earlier.append(question)
        blocks.append({"index": b, "title": block["title"], "questions": questions})
    return blocks


def _texts(item: dict, keys: tuple[str, ...]) -> dict:
    return {f"{key}_text": number_text(item[key]) if key in item else "" for key in keys}


ELEMENT_PATHS = {
    "block": ("block",),
    "question": ("block", "question"),
    "option": ("block", "question", "option"),
    "outcome": ("outcome",),
}


@allow("methodologies.manage")
@require_POST
def methodology_edit(request: HttpRequest, pk: int, element: str) -> HttpResponse:
    """One small form of the draft page: save (add when no position is sent), delete, up, down."""
    methodology = get_methodology_for(request.staff, pk)
    if element not in (*ELEMENT_PATHS, "header"):
        raise Http404
    form = EditorForm(request.POST)
    anchor = element
    if not form.is_valid():
        errors = [e for field in form.errors.values() for e in field]
        messages.error(request, " ".join(dict.fromkeys(errors)) or STALE_PAGE)
        return _back(methodology, _keep_typed(request, methodology, element))
    fields = form.cleaned_data
    try:
        if element == "header":
            header = DraftEditHeaderForm(request.POST)
            if not header.is_valid():
                raise ValidationError([e for field in header.errors.values() for e in field])
            services.draft_header_save(
                actor=request.staff,
                methodology=methodology,
                expected_revision=fields["revision"],
                **header.header(),
            )
        else:
            anchor = _apply(request, methodology, element, fields)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        anchor = _keep_typed(request, methodology, element)
    else:
        messages.success(request, "Сохранено.")
    return _back(methodology, anchor)


# What a refused edit typed comes back into its form on the editor page (ltc.js puts it there):
# the page is rebuilt from the draft, and retyping a question because of a clash of codes is
# exactly the lost work the house does not allow. Only the text fields of the one form.
TYPED_FIELDS = ("code", "title", "text", "points", "value", "min", "max", "hours_per_week")
TYPED_FIELDS += ("reassess_months", "methodology_version", "source")


def _typed_key(methodology: Methodology) -> str:
    return f"ltc-editor-typed-{methodology.pk}"


def _form_id(element: str, post) -> str:
    """The id of the page's form that sent `post` (see methodology_editor.html)."""
    if element == "header":
        return "header"
    path = [post.get(name, "") for name in ELEMENT_PATHS[element]]
    if not all(part.isdigit() for part in path[:-1]):
        return element
    if path[-1].isdigit():
        return f"{element}-{'-'.join(path)}"
    owner = "-".join(path[:-1])
    return {"block": "block", "outcome": "new-outcome"}.get(element, f"new-{element}-{owner}")


def _keep_typed(request: HttpRequest, methodology: Methodology, element: str) -> str:
    if (request.POST.get("action") or "save") != "save":
        return element
    form_id = _form_id(element, request.POST)
    request.session[_typed_key(methodology)] = {
        "form": form_id,
        "values": {
            name: request.POST[name][:10_000] for name in TYPED_FIELDS if name in request.POST
        },
    }
    return form_id


def _apply(request: HttpRequest, methodology: Methodology, element: str, fields: dict) -> str:
    """Run the edit the form asks for; the anchor of the page to come back to."""
    path = tuple(fields[name] for name in ELEMENT_PATHS[element])
    action = fields["action"] or "save"
    common = {
        "actor": request.staff,
        "methodology": methodology,
        "expected_revision": fields["revision"],
    }
    if action != "save":
        if None in path:
            raise ValidationError(STALE_PAGE)
        if action == "delete":
            services.element_delete(**common, element=element, path=path)
        else:
            step = -1 if action == "up" else 1
            services.element_move(**common, element=element, path=path, step=step)
        return element
    index = path[-1]
    if element == "block":
        services.block_save(**common, index=index, title=fields["title"])
    elif element == "outcome":
        services.outcome_save(
            **common,
            index=index,
            title=fields["title"],
            code=fields["code"],
            **{k: fields[k] for k in ("value", "min", "max", "hours_per_week", "reassess_months")},
        )
    elif None in path[:-1]:
        raise ValidationError(STALE_PAGE)
    elif element == "question":
        services.question_save(
            **common,
            block=path[0],
            index=index,
            text=fields["text"],
            code=fields["code"],
            show_if_question=fields["show_if_question"],
            show_if_options=fields["show_if_options"],
        )
    else:
        services.option_save(
            **common,
            block=path[0],
            question=path[1],
            index=index,
            text=fields["text"],
            code=fields["code"],
            points=fields["points"],
        )
    return element if index is None else f"{element}-{'-'.join(map(str, path))}"


def _back(methodology: Methodology, anchor: str) -> HttpResponse:
    return redirect(reverse("ltc:methodology_editor", args=[methodology.pk]) + f"#{anchor}")


@allow("methodologies.manage")
@require_POST
def methodology_publish(request: HttpRequest, pk: int) -> HttpResponse:
    methodology = get_methodology_for(request.staff, pk)
    if not methodology.is_draft:
        # A second press of «Опубликовать» (a double click, the back button): already done.
        messages.info(request, "Методика уже опубликована.")
        return redirect("ltc:methodology", pk=pk)
    form = EditorForm(request.POST)
    if not form.is_valid():
        messages.error(request, STALE_PAGE)
        return redirect("ltc:methodology_editor", pk=pk)
    try:
        services.draft_publish(
            actor=request.staff,
            methodology=methodology,
            expected_revision=form.cleaned_data["revision"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("ltc:methodology_editor", pk=pk)
    messages.success(
        request, "Методика опубликована. Теперь её можно ввести в действие с нужной даты."
    )
    return redirect("ltc:methodology", pk=pk)


@allow("methodologies.manage")
def methodology_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """«Проверить анкету»: the questionnaire answered on one page, scored, nothing stored."""
    methodology = get_methodology_for(request.staff, pk)
    data = editable(methodology.data)
    answers = {
        key.removeprefix("answer-"): value
        for key, value in request.POST.items()
        if key.startswith("answer-") and isinstance(value, str)
    }
    result = preview(data, answers, timezone.localdate())
    questions = [
        {
            **question,
            "asked": question["code"] in result.asked,
            "answer": answers.get(question["code"], ""),
            "options": [
                {**option, "points_text": number_text(option.get("points"))}
                for option in question["options"]
            ],
            "condition": question.get("show_if"),
        }
        for question in questions_of(data)
    ]
    back = "ltc:methodology_editor" if methodology.is_draft else "ltc:methodology"
    return render(
        request,
        "ltc/methodology_preview.html",
        {
            "methodology": methodology,
            "questions": questions,
            "result": result if request.method == "POST" else None,
            "scoring_title": SCORINGS.get(data["scoring"], ""),
            "problems": draft_problems(data) if methodology.is_draft else [],
            "breadcrumbs": [
                METHODOLOGIES_CRUMB,
                (str(methodology), reverse(back, args=[pk])),
                ("Проверить анкету", None),
            ],
        },
    )
