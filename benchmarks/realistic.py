"""Build the realistic benchmark input: sites shaped like those claimlint reads, from the copy in site-copy.yaml.

    python benchmarks/realistic.py OUT [--words 500000] [--files 1000] [--seed 0]

Each clinic site has a home page, about, team (biographies), pricing, contact, travel (logistics), FAQ, privacy and
terms pages, a page for each condition it sells treatment for and a blog of general health prose; its HTML pages
carry a header, navigation and footer, which claimlint reads as a visitor sees them. A few sentences of a clinic's
pages are claims; most are prices, directions, biographies and health advice. Regulators' notices and news stories
come alongside. Most sites are HTML, some Markdown sources, a few plain-text drafts. The same seed, word count and
file count give the same files, byte for byte.
"""
from __future__ import annotations

import argparse
import html
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

COPY = yaml.safe_load((Path(__file__).resolve().parent / "site-copy.yaml").read_text(encoding="utf-8"))
NAV = ["Home", "About us", "Our team", "Treatments", "Pricing", "Travel", "FAQ", "Blog", "Contact"]
STREETS = ["Avenida del Mar", "Harbour Road", "Calle Principal", "Medical Plaza Drive", "Park Boulevard", "Main Street"]


@dataclass
class Page:
    """One page as blocks: (kind, content) with kind h1, h2, p, ul (a list of items), table (rows) or form (labels)."""

    path: str
    title: str
    blocks: list[tuple[str, object]] = field(default_factory=list)

    def add(self, kind: str, content: object) -> None:
        self.blocks.append((kind, content))


class Site:
    """One clinic: its names and numbers, and a random source for its copy."""

    def __init__(self, rng: random.Random, index: int) -> None:
        self.rng = rng
        names = COPY["names"]
        self.clinic = f"{rng.choice(names['clinic_first'])} {rng.choice(names['clinic_second'])}"
        self.city = rng.choice(names["cities"])
        self.slug = f"{re.sub(r'[^a-z]+', '-', self.clinic.lower()).strip('-')}-{index:03d}"
        self.domain = f"{self.slug}.example"
        self.phone = f"+1 555 {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
        self.conditions = rng.sample(COPY["conditions"], rng.randint(2, 4))
        self.team = [(rng.choice(names["first"]), rng.choice(names["last"])) for _ in range(rng.randint(4, 7))]

    def fill(self, template: str, **extra: str) -> str:
        """A sentence with its slots filled: the site's names, and fresh numbers and names where the copy asks."""
        rng, names = self.rng, COPY["names"]
        first, last = rng.choice(self.team)
        condition = extra.pop("condition", None) or rng.choice(self.conditions)
        values = {
            "clinic": self.clinic, "city": self.city, "phone": self.phone, "domain": self.domain,
            "condition": condition["name"], "organ": condition["organ"], "area": condition["area"],
            "first": first, "name": f"{first} {last}", "year": str(rng.randint(2004, 2024)),
            "n": str(rng.randint(2, 40)), "street": rng.choice(STREETS), "price": f"${rng.randint(5, 45)},000",
            "deposit": f"${rng.randint(5, 20) * 100}", "airport": rng.choice(names["airports"]),
            "hotel": rng.choice(names["hotels"]), "university": rng.choice(names["universities"]),
            "specialty": rng.choice(names["specialties"]), "hobby": rng.choice(names["hobbies"]),
            "agency": rng.choice(names["agencies"]), "outlet": rng.choice(names["outlets"]), **extra,
        }
        return template.format(**values)

    def sentences(self, bank: list[str], count: int, **extra: str) -> list[str]:
        return [self.fill(s, **extra) for s in self.rng.sample(bank, min(count, len(bank)))]

    def paragraphs(self, bank: list[str], count: int, per: tuple[int, int] = (3, 5), **extra: str) -> list[str]:
        return [" ".join(self.sentences(bank, self.rng.randint(*per), **extra)) for _ in range(count)]

    def claims(self, count: int, **extra: str) -> list[str]:
        return self.sentences(COPY["claims"], count, **extra)


def _health(site: Site, area: str, paragraphs: int) -> list[str]:
    """General health prose: the area's own advice mixed with general advice, as a clinic blog writes it."""
    bank = COPY["health"][area] + COPY["health"]["general"]
    return site.paragraphs(bank, paragraphs, (4, 6))


def clinic_pages(site: Site) -> list[Page]:
    rng = site.rng
    pages = []
    home = Page("index", f"{site.clinic} | Regenerative care in {site.city}")
    home.add("h1", f"Welcome to {site.clinic}")
    for text in site.paragraphs(COPY["intro"], 2):
        home.add("p", text)
    home.add("p", " ".join(site.claims(rng.randint(1, 2))))
    for feature in rng.sample(COPY["features"], 4):
        title, text = feature.split(" | ")
        home.add("h2", title)
        home.add("p", site.fill(text))
    home.add("h2", "What our patients say")
    home.add("ul", site.sentences(COPY["testimonials"], 3))
    home.add("p", site.fill("Call {phone} or send us a message to book a free consultation."))
    pages.append(home)

    about = Page("about", "About us")
    about.add("h1", f"About {site.clinic}")
    for text in site.paragraphs(COPY["about"], 4):
        about.add("p", text)
    pages.append(about)

    team = Page("team", "Our team")
    team.add("h1", "Meet our team")
    for first, last in site.team:
        team.add("h2", f"Dr. {first} {last}")
        team.add("p", " ".join(site.fill(s, first=first, name=f"{first} {last}")
                                for s in rng.sample(COPY["bio"], rng.randint(4, 6))))
    pages.append(team)

    pricing = Page("pricing", "Prices and packages")
    pricing.add("h1", "Prices")
    rows = [["Package", "What is included", "Price"]]
    for package in rng.sample(COPY["packages"], 4):
        rows.append([package, ", ".join(rng.sample(COPY["package_items"], 3)), f"${rng.randint(4, 40) * 1000:,}"])
    pricing.add("table", rows)
    for text in site.paragraphs(COPY["pricing"], 3):
        pricing.add("p", text)
    pages.append(pricing)

    contact = Page("contact", "Contact us")
    contact.add("h1", "Contact us")
    for text in site.paragraphs(COPY["contact"], 2):
        contact.add("p", text)
    contact.add("form", COPY["form_labels"])
    pages.append(contact)

    travel = Page("travel", "Planning your visit")
    travel.add("h1", f"Planning your visit to {site.city}")
    for text in site.paragraphs(COPY["logistics"], 3, (4, 5)):
        travel.add("p", text)
    travel.add("h2", "A typical schedule")
    travel.add("ul", [f"Day {d}: {s}" for d, s in enumerate(site.sentences(COPY["logistics"], 4), 1)])
    pages.append(travel)

    faq = Page("faq", "Frequently asked questions")
    faq.add("h1", "Frequently asked questions")
    for item in rng.sample(COPY["faq"], 6):
        question, answer = item.split(" | ")
        faq.add("h2", question)
        faq.add("p", site.fill(answer))
    faq.add("h2", "Does the treatment work?")
    faq.add("p", site.fill(rng.choice(COPY["hedged"] + COPY["claims"])))
    pages.append(faq)

    for name, count in (("privacy", 4), ("terms", 3)):
        legal = Page(name, "Privacy notice" if name == "privacy" else "Terms of use")
        legal.add("h1", legal.title)
        for text in site.paragraphs(COPY["legal"], count, (3, 5)):
            legal.add("p", text)
        pages.append(legal)

    for condition in site.conditions:
        slug = condition["name"].replace(" ", "-").lower()
        page = Page(f"treatments/{slug}", f"Cell therapy for {condition['name']}")
        page.add("h1", f"Living with {condition['name']}")
        for text in _health(site, condition["area"], 3):
            page.add("p", text)
        page.add("h2", "How we can help")
        page.add("p", " ".join(site.claims(rng.randint(1, 2), condition=condition)
                                + site.sentences(COPY["hedged"], 1, condition=condition)))
        page.add("h2", "What to expect")
        for text in site.paragraphs(COPY["logistics"], 1):
            page.add("p", text)
        for text in _health(site, condition["area"], 2):
            page.add("p", text)
        pages.append(page)

    for post in range(rng.randint(3, 7)):
        condition = rng.choice(site.conditions)
        title = site.fill(rng.choice(COPY["blog_titles"]), condition=condition)
        page = Page(f"blog/post-{post + 1}", title)
        page.add("h1", title)
        area = condition["area"] if rng.random() < 0.6 else "general"
        for text in _health(site, area, rng.randint(5, 8)):
            page.add("p", text)
        if rng.random() < 0.3:
            page.add("p", site.fill("Ask our team how {clinic} can help with {condition}. ") + site.claims(1)[0])
        pages.append(page)
    return pages


def reporting_page(site: Site, kind: str, number: int) -> Page:
    """A regulator's notice or a news story: attributed, negated and hedged claims among reporting."""
    section = COPY[kind]
    title = site.rng.choice(section["titles"])
    page = Page(f"{kind}/{site.slug}-{number:02d}", title)
    page.add("h1", title)
    for text in site.paragraphs(section["body"], site.rng.randint(5, 7), (3, 5)):
        page.add("p", text)
    return page


# -- writing ------------------------------------------------------------------------------------------------------

def _words(text: str) -> int:
    return len(text.split())


def render_html(site: Site, page: Page) -> tuple[str, int]:
    """The page with its site's chrome (header, navigation, cookie notice, footer), and the words a visitor reads."""
    e = html.escape
    visible = [page.title, site.clinic, *NAV]
    body = []
    for kind, content in page.blocks:
        if kind in ("h1", "h2", "p"):
            body.append(f"<{kind}>{e(content)}</{kind}>")
            visible.append(content)
        elif kind == "ul":
            body.append("<ul>" + "".join(f"<li>{e(item)}</li>" for item in content) + "</ul>")
            visible.extend(content)
        elif kind == "table":
            head, *rows = content
            body.append("<table><thead><tr>" + "".join(f"<th>{e(c)}</th>" for c in head) + "</tr></thead><tbody>"
                        + "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in rows)
                        + "</tbody></table>")
            visible.extend(c for row in content for c in row)
        elif kind == "form":
            body.append('<form action="/contact" method="post">' + "".join(
                f'<label>{e(label)} <input name="f{i}"></label>' for i, label in enumerate(content)) + "</form>")
            visible.extend(content)
    footer = [f"{site.clinic}, {site.city}. Telephone {site.phone}.", f"Copyright 2025 {site.clinic}. All rights reserved.",
              "Privacy notice", "Terms of use", "Sign up for our newsletter for news and patient stories.",
              "This site uses cookies to improve your experience. Accept"]
    visible += footer
    nav = "".join(f'<li><a href="/{item.lower().replace(" ", "-")}">{e(item)}</a></li>' for item in NAV)
    text = (f'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{e(page.title)}</title>\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<link rel="stylesheet" href="/assets/site.css">\n<script src="/assets/analytics.js" defer></script>\n'
            f'<style>.cookie{{position:fixed;bottom:0}}</style>\n</head>\n<body>\n'
            f'<header class="site-header"><a class="logo" href="/">{e(site.clinic)}</a>\n<nav><ul>{nav}</ul></nav></header>\n'
            f'<main>\n' + "\n".join(body) + "\n</main>\n"
            f'<div class="cookie">{e(footer[5][:-7])} <button>Accept</button></div>\n'
            f'<footer><p>{e(footer[0])}</p><p>{e(footer[1])}</p><ul><li><a href="/privacy">Privacy notice</a></li>'
            f'<li><a href="/terms">Terms of use</a></li></ul><p>{e(footer[4])}</p></footer>\n'
            f"<script>window.dataLayer = window.dataLayer || [];</script>\n</body>\n</html>\n")
    return text, sum(_words(v) for v in visible)


def render_markdown(site: Site, page: Page) -> tuple[str, int]:
    """A static-site source: front matter, then the copy."""
    out = [f"---\ntitle: \"{page.title}\"\nlayout: page\n---\n"]
    visible = []
    for kind, content in page.blocks:
        if kind in ("h1", "h2"):
            out.append(f"{'#' if kind == 'h1' else '##'} {content}\n")
            visible.append(content)
        elif kind == "p":
            out.append(f"{content}\n")
            visible.append(content)
        elif kind == "ul":
            out.append("\n".join(f"- {item}" for item in content) + "\n")
            visible.extend(content)
        elif kind == "table":
            head, *rows = content
            lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
            lines += ["| " + " | ".join(row) + " |" for row in rows]
            out.append("\n".join(lines) + "\n")
            visible.extend(c for row in content for c in row)
    return "\n".join(out), sum(_words(v) for v in visible)


def render_text(site: Site, page: Page) -> tuple[str, int]:
    """A copy draft: headings and paragraphs on lines of their own."""
    out, visible = [], []
    for kind, content in page.blocks:
        items = content if kind in ("ul", "form") else [" | ".join(r) for r in content] if kind == "table" else [content]
        out.append("\n".join(("- " if kind == "ul" else "") + item for item in items) + "\n")
        visible.extend(items)
    return "\n".join(out), sum(_words(v) for v in visible)


RENDERERS = {".html": render_html, ".md": render_markdown, ".txt": render_text}


def build(folder: Path, words: int, files: int = 0, seed: int = 0) -> tuple[int, int]:
    """Write sites into ``folder`` until it holds at least ``words`` words in at least ``files`` files; returns both."""
    rng = random.Random(seed)
    total = count = index = 0
    while total < words or count < files:
        site = Site(rng, index)
        suffix = rng.choices([".html", ".md", ".txt"], weights=[80, 15, 5])[0]
        pages = [(f"clinics/{site.slug}/{p.path}{suffix}", p) for p in clinic_pages(site)]
        pages += [(f"{p.path}.html", p) for p in (reporting_page(site, "regulator", index),
                                                  reporting_page(site, "news", index))]
        for relative, page in pages:
            text, page_words = RENDERERS[Path(relative).suffix](site, page)
            target = folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            total, count = total + page_words, count + 1
        index += 1
    return total, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--words", type=int, default=500_000)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    words, files = build(args.folder, args.words, args.files, args.seed)
    print(f"wrote {words:,} words in {files:,} files to {args.folder}")


if __name__ == "__main__":
    main()
