"""The default route sheet (маршрутный лист) of a social worker's day: the stops in route order
with the distance of each leg, and the addresses without coordinates at the end."""

from zabota.documents.default_templates.writing import (
    heading,
    loop_row,
    new_document,
    note,
    para,
    signatures,
    table,
)


def build_route_sheet():
    d = new_document(title="Маршрутный лист")
    para(d, "{{ institution.short_name }}", align="c", size=10, after=0)
    para(d, "{{ route.department }}", align="c", size=10, after=6)
    heading(d, "МАРШРУТНЫЙ ЛИСТ № {{ document.number }}", size=13, before=0, after=0)
    heading(d, "на {{ route.date }} ({{ route.weekday }})", before=0, after=6)
    table(
        d,
        [5.0, 12.0],
        [
            ["Работник", "**{{ route.worker_name }}**"],
            ["Должность", "{{ route.worker_position }}"],
            ["Начало маршрута", "{{ route.start }}"],
            ["Посещений", "{{ route.visits }}; по маршруту {{ route.total_km }} км (по прямой)"],
        ],
        header_rows=0,
        bold_rows=(),
        size=10,
    )
    para(d, "", after=4)
    table(
        d,
        [0.7, 3.6, 4.0, 2.4, 3.6, 1.1, 1.6],
        [
            ["№", "Получатель", "Адрес", "Телефон", "Услуги по плану", "км", "Время, подпись"],
            loop_row("{%tr for s in route.stops %}", 7),
            ["{{ s.n }}", "{{ s.name }}", "{{ s.address }}", "{{ s.phone }}", "{{ s.services }}", "{{ s.leg_km }}", ""],  # noqa: E501
            loop_row("{%tr endfor %}", 7),
            loop_row("{%tr if route.has_unplaced %}", 7),
            loop_row("**Адреса без координат** (не вошли в маршрут; координаты указывает заведующий в карточке получателя):", 7),  # noqa: E501
            loop_row("{%tr endif %}", 7),
            loop_row("{%tr for u in route.unplaced %}", 7),
            ["{{ u.n }}", "{{ u.name }}", "{{ u.address }}", "{{ u.phone }}", "{{ u.services }}", "—", ""],  # noqa: E501
            loop_row("{%tr endfor %}", 7),
        ],
        aligns="cllllrl",
        size=9,
    )  # fmt: skip
    para(d, "Маршрутный лист получил(а):", before=12, after=6, align="l", keep=True)
    signatures(
        d,
        ["Работник", "Заведующий отделением"],
        [
            "_______________ / {{ route.worker_short_name }} /",
            "_______________ / _______________ /",
        ],
    )
    note(d, "Расстояния — по прямой между адресами; по улицам путь длиннее.", align="l")
    return d
