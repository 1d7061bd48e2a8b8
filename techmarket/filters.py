"""The filters every page shares, and their round trip through the URL query string.

URL contract (README, "The dashboard"): `?lang=en&from=2021&to=2023&bloc=GBA` — lists are
comma-separated (`bloc=GBA,YRD`) or repeated (`seller=310000&seller=320000`), and parameters at their
default are left out so links stay short. `bloc`, `province` and `city` match a contract when either party
is there; `seller` and `buyer` (bloc, province or city codes) match one side. Unknown values are dropped,
never an error: a hand-edited link still opens a page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from techmarket.i18n import BLOC_ORDER, DEFAULT_LANG, LANGS

UNITS = ("wan", "yi")
CURRENCIES = ("CNY", "USD")
TYPES = ("development", "transfer", "licensing", "consulting", "service")
KINDS = ("enterprise", "university", "research_institute", "individual", "other")  # party_kinds
SCALE = {"wan": 1e4, "yi": 1e8}
# The URL's filter keys besides `lang`, in the order links write them; the meeting-pack command line
# takes each as a flag (seller_kind -> --seller-kind).
PARAM_KEYS = ("from", "to", "bloc", "province", "city", "seller", "buyer", "field", "type", "subtype", "seller_kind", "buyer_kind", "unit",
              "cur")


@dataclass(frozen=True)
class Filters:
    lang: str = DEFAULT_LANG
    year_from: int | None = None
    year_to: int | None = None
    blocs: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    sellers: tuple[str, ...] = ()  # seller-side regions: bloc, province or city codes (the seller is there)
    buyers: tuple[str, ...] = ()  # buyer-side regions
    fields: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    subtypes: tuple[str, ...] = ()  # contract_subtypes
    seller_kinds: tuple[str, ...] = ()  # party_kinds of the seller
    buyer_kinds: tuple[str, ...] = ()
    unit: str = "yi"
    currency: str = "CNY"

    def with_years(self, lo: int, hi: int) -> Filters:
        """Fill in open year bounds from the data's range and keep them inside it."""
        a = lo if self.year_from is None else min(max(self.year_from, lo), hi)
        b = hi if self.year_to is None else max(min(self.year_to, hi), lo)
        return replace(self, year_from=min(a, b), year_to=max(a, b))

    def to_params(self, years: tuple[int, int] | None = None) -> dict[str, str]:
        out: dict[str, str] = {}
        if self.lang != DEFAULT_LANG:
            out["lang"] = self.lang
        if self.year_from is not None and (years is None or self.year_from != years[0]):
            out["from"] = str(self.year_from)
        if self.year_to is not None and (years is None or self.year_to != years[1]):
            out["to"] = str(self.year_to)
        for key, values in (("bloc", self.blocs), ("province", self.provinces), ("city", self.cities),
                            ("seller", self.sellers), ("buyer", self.buyers), ("field", self.fields), ("type", self.types),
                            ("subtype", self.subtypes),
                            ("seller_kind", self.seller_kinds), ("buyer_kind", self.buyer_kinds)):
            if values:
                out[key] = ",".join(values)
        if self.unit != "yi":
            out["unit"] = self.unit
        if self.currency != "CNY":
            out["cur"] = self.currency
        return out

    @property
    def registry_filtered(self) -> bool:
        """Whether a filter needs the registry's own fields (subtype, party kinds)."""
        return bool(self.subtypes or self.seller_kinds or self.buyer_kinds)

    @property
    def scale(self) -> float:
        return SCALE[self.unit]

    @property
    def directional(self) -> bool:
        """Whether a seller-side or buyer-side filter is set."""
        return bool(self.sellers or self.buyers)


def _values(params: Mapping[str, str | Sequence[str]], key: str) -> list[str]:
    raw = params.get(key)
    if raw is None:
        return []
    items = [raw] if isinstance(raw, str) else list(raw)
    return [v.strip() for item in items for v in item.split(",") if v.strip()]


def _year(params: Mapping[str, str | Sequence[str]], key: str) -> int | None:
    values = _values(params, key)
    try:
        year = int(values[0]) if values else None
    except ValueError:
        return None
    return year if year is not None and 1980 <= year <= 2100 else None


def _sides(params: Mapping[str, str | Sequence[str]], key: str) -> list[str]:
    """A seller-side or buyer-side filter's codes: blocs in capitals (gba -> GBA), region codes as they are."""
    return [v.upper() if v.upper() in BLOC_ORDER else v for v in _values(params, key)]


def from_params(params: Mapping[str, str | Sequence[str]], known_regions: set[str] | None = None,
                known_fields: set[str] | None = None, known_subtypes: set[str] | None = None) -> Filters:
    lang = (_values(params, "lang") or [DEFAULT_LANG])[0]
    unit = (_values(params, "unit") or ["yi"])[0]
    currency = (_values(params, "cur") or ["CNY"])[0].upper()

    def keep(values: list[str], allowed: Sequence[str] | set[str] | None) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v for v in values if allowed is None or v in allowed))

    return Filters(
        lang=lang if lang in LANGS else DEFAULT_LANG,
        year_from=_year(params, "from"),
        year_to=_year(params, "to"),
        blocs=keep([v.upper() for v in _values(params, "bloc")], BLOC_ORDER),
        provinces=keep(_values(params, "province"), known_regions),
        cities=keep(_values(params, "city"), known_regions),
        sellers=keep(_sides(params, "seller"), None if known_regions is None else known_regions | set(BLOC_ORDER)),
        buyers=keep(_sides(params, "buyer"), None if known_regions is None else known_regions | set(BLOC_ORDER)),
        fields=keep(_values(params, "field"), known_fields),
        types=keep(_values(params, "type"), TYPES),
        subtypes=keep(_values(params, "subtype"), known_subtypes),
        seller_kinds=keep(_values(params, "seller_kind"), KINDS),
        buyer_kinds=keep(_values(params, "buyer_kind"), KINDS),
        unit=unit if unit in UNITS else "yi",
        currency=currency if currency in CURRENCIES else "CNY",
    )
