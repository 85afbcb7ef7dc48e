"""Crawl: ``claimlint crawl URL...`` fetches a clinic's site into a web archive that the readers then lint like any
other (readers/warc.py), so a crawl and a later ``claimlint check site.warc.gz`` give the same findings.

Inside: ``urls.py`` normalises URLs and decides which may be fetched, ``links.py`` reads a page's links and robots
directives and a sitemap's URLs, ``archive.py`` writes what was fetched as WARC records and the state a crawl
resumes from, and ``crawler.py`` runs the crawl (robots.txt, rate limits, concurrency, limits). Every fetch goes
through readers/fetch.py, whose checks (schemes, size and time caps, private addresses) apply unchanged.

May import: the standard library, protego, warcio, the package version, ``claimlint.errors``, ``claimlint.fileio``
and ``claimlint.readers``. Never spaCy, the pipeline, the packs, the formats or the CLI.
"""
from .crawler import Crawl, CrawlLimits

__all__ = ["Crawl", "CrawlLimits"]
