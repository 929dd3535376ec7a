"""The graph for readers and for other tools: exports, and the data of the graph view.

* :func:`graphml` and :func:`node_link_json`: the whole graph of
  :mod:`build_kb.link` (instruments, every provision, topics, proposals; every
  edge with its kind), for Gephi, yEd, networkx or D3; the site offers both as
  downloads (``graph.graphml``, ``graph.json``).
* :func:`neighbourhoods`: per instrument, the article-level neighbourhood that
  the graph view draws: for each article what it cites, what cites it, its
  earlier and later versions, its topics and the proposals it realised; and
  for the instrument, the instruments it cites or is cited by and its
  relations. One small file per instrument, so the view loads only what it shows.
* :func:`vis_network_files`: the vis-network library the view draws with,
  vendored in the package with its licences, so that the site needs no CDN.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import networkx as nx

from build_kb.citation import cite_en, cite_zh
from build_kb.link.graph import LinkedCorpus, article_node
from build_kb.model import ProvisionId
from build_kb.render.urls import Layout

#: Kinds of edge the view draws, as (graph key prefix, label).
VIEW_KINDS = ("cites", "cited_by", "superseded_by", "supersedes", "topic", "answers", "explains", "explained_by")


#: Characters that XML 1.0, and so GraphML, cannot hold (control characters, U+FFFE, U+FFFF, lone surrogates).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_safe(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """``graph`` itself, or, when a string attribute holds a character XML cannot, a copy in which each
    such character is U+FFFD (a statute's text may hold one, written as an escape in its YAML file)."""
    def unsafe(attributes: dict) -> bool:
        return any(isinstance(v, str) and _NOT_XML.search(v) for v in attributes.values())

    def clean(attributes: dict) -> None:
        for key, value in attributes.items():
            if isinstance(value, str):
                attributes[key] = _NOT_XML.sub("\ufffd", value)

    if not any(unsafe(a) for _, a in graph.nodes(data=True)) and not any(unsafe(a) for *_, a in graph.edges(keys=True, data=True)):
        return graph
    safe = graph.copy()
    for _, attributes in safe.nodes(data=True):
        clean(attributes)
    for *_, attributes in safe.edges(keys=True, data=True):
        clean(attributes)
    return safe


def graphml(linked: LinkedCorpus) -> str:
    """The whole graph as GraphML (UTF-8 text); node and edge attributes as the graph holds them, but for
    characters that XML cannot hold, which become U+FFFD."""
    out = io.BytesIO()
    nx.write_graphml(_xml_safe(linked.graph), out, encoding="utf-8", named_key_ids=True)
    return out.getvalue().decode("utf-8")


def node_link_json(linked: LinkedCorpus) -> str:
    """The whole graph in networkx's node-link form (``{"nodes": [...], "edges": [...]}``, what
    ``networkx.node_link_graph`` reads back) as JSON text."""
    data = nx.node_link_data(linked.graph, edges="edges")
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def _node(linked: LinkedCorpus, node: str, layout: Layout) -> dict:
    """Label, site-relative URL and group of a node, for the view."""
    corpus = linked.corpus
    if node.startswith("topic:"):
        topic = next(t for t in corpus.topics if t.id == node[6:])
        return {"label": topic.label.en, "url": f"topics/{topic.id}/", "group": "topic"}
    if node.startswith("proposal:"):
        proposal = next(p for p in corpus.proposals if p.id == node[9:])
        return {"label": proposal.title.en, "url": f"proposals/#{proposal.id}", "group": "proposal"}
    if "#" not in node:
        instrument = corpus.get(node)
        return {"label": instrument.short_title.en, "url": f"{instrument.id}/", "group": "instrument"}
    pid = ProvisionId.parse(node)
    instrument = corpus.get(pid.instrument)
    english = cite_en(instrument, pid.eid)
    chinese = cite_zh(instrument, pid.eid, with_title=False)
    return {"label": f"{english}\n{chinese}" if chinese else english, "url": f"{layout.page(pid)}#{pid.eid}",
            "group": instrument.jurisdiction}


def neighbourhoods(linked: LinkedCorpus, layout: Layout | None = None) -> dict[str, dict]:
    """Per instrument id, the data of the graph view; node URLs are the pages ``layout`` gives
    (:meth:`Layout.of` the corpus when ``None``).

    Returns:
        ``{instrument_id: {"id", "nodes": {node: {"label", "url", "group"}}, "edges": {article: [[kind, node], ...]},
        "instrument": [[kind, node, count], ...]}}`` (the instruments it cites, is cited by or relates to, and the
        topics and proposals of its articles, with counts); ``kind`` is one of :data:`VIEW_KINDS` (or an
        instrument relation such as ``superseded_by``); URLs are relative to the site's root.
    """
    layout = layout or Layout.of(linked.corpus)
    result: dict[str, dict] = {}
    for instrument in linked.corpus.instruments:
        nodes: dict[str, dict] = {instrument.id: _node(linked, instrument.id, layout)}
        edges: dict[str, list[list[str]]] = {}
        between: dict[tuple[str, str], int] = {}
        for article in instrument.recitals() + instrument.articles():
            pid = ProvisionId(instrument.id, article.eid)
            node = str(pid)
            nodes[node] = _node(linked, node, layout)
            mine = []
            for kind, others in (("cites", linked.cites(pid)), ("cited_by", linked.cited_by(pid)),
                                 ("superseded_by", linked.successors(pid)), ("supersedes", linked.predecessors(pid)),
                                 ("explained_by", linked.recitals_of(pid)), ("explains", linked.explained_by_recital(pid))):
                for other in others:
                    target = article_node(str(other))
                    if target == node or [kind, target] in mine:
                        continue
                    mine.append([kind, target])
                    nodes.setdefault(target, _node(linked, target, layout))
                    if other.instrument != instrument.id and kind in ("cites", "cited_by"):
                        between[(kind, other.instrument)] = between.get((kind, other.instrument), 0) + 1
            for provision in article.walk():  # 《…法》 alone: the article cites a whole instrument
                for reference in linked.references.get(f"{instrument.id}#{provision.eid}", ()):
                    if not reference.targets and reference.anchor.instrument != instrument.id:
                        other = reference.anchor.instrument
                        if ["cites", other] not in mine:
                            mine.append(["cites", other])
                            nodes.setdefault(other, _node(linked, other, layout))
                            between[("cites", other)] = between.get(("cites", other), 0) + 1
            for topic in linked.topics_of(pid):
                mine.append(["topic", f"topic:{topic.id}"])
                nodes.setdefault(f"topic:{topic.id}", _node(linked, f"topic:{topic.id}", layout))
            for proposal in linked.proposals_of(pid):
                mine.append(["answers", f"proposal:{proposal.id}"])
                nodes.setdefault(f"proposal:{proposal.id}", _node(linked, f"proposal:{proposal.id}", layout))
            if mine:
                edges[node] = mine
        for article_edges in edges.values():
            for kind, target in article_edges:
                if kind in ("topic", "answers"):
                    between[(kind, target)] = between.get((kind, target), 0) + 1
        for source, _, key in linked.graph.in_edges(instrument.id, keys=True):
            if key.startswith("cites"):  # a title alone, in another instrument: 《中华人民共和国个人信息保护法》
                other = source.split("#", 1)[0]
                between[("cited_by", other)] = between.get(("cited_by", other), 0) + 1
        relations = [[r.kind, r.target, 1] for r in instrument.relations if linked.corpus.get(r.target)]
        for kind, other in sorted(between):
            relations.append([kind, other, between[(kind, other)]])
        for _, other, _ in relations:
            nodes.setdefault(other, _node(linked, other, layout))  # instruments; topics and proposals are there already
        result[instrument.id] = {"id": instrument.id, "nodes": nodes, "edges": edges, "instrument": relations}
    return result


#: vis-network, vendored from its npm package with its licences (``vendor/vis-network/README.md`` says which files).
VIS_NETWORK_DIR = Path(__file__).resolve().parent.parent / "vendor" / "vis-network"


def vis_network_files() -> dict[str, bytes]:
    """The vis-network library the graph view draws with, for the site's ``assets/``: site path → bytes.

    The standalone build of vis-network 10.1.5 (Apache-2.0 or MIT), its style sheet and both licences,
    shipped in the package (``build_kb/vendor/vis-network``), so that the site needs no CDN.
    """
    names = {"vis-network.min.js": "vis-network.min.js", "vis-network.min.css": "vis-network.css",
             "LICENSE-MIT": "vis-network.LICENSE-MIT.txt", "LICENSE-APACHE-2.0": "vis-network.LICENSE-APACHE-2.0.txt"}
    return {f"assets/{site}": (VIS_NETWORK_DIR / vendored).read_bytes() for vendored, site in names.items()}


def graph_files(linked: LinkedCorpus, layout: Layout | None = None, exports: bool = True) -> dict[str, str | bytes]:
    """The site's graph files: docs-relative path → content; node URLs by ``layout`` (of the corpus when ``None``).

    ``graph/data/<instrument id>.json`` (the view's data), vis-network under ``assets/``, and with
    ``exports`` the whole graph, ``graph.graphml`` and ``graph.json`` (the preview server leaves these
    two out: writing them is most of the graph's cost, and a preview does not need them).
    """
    files: dict[str, str | bytes] = {}
    if exports:
        files.update({"graph.graphml": graphml(linked), "graph.json": node_link_json(linked)})
    files |= vis_network_files()
    for instrument_id, data in neighbourhoods(linked, layout).items():
        files[f"graph/data/{instrument_id}.json"] = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return files
