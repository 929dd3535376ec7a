/* The graph view: draws a provision's or an instrument's neighbourhood with vis-network.
   Data: graph/data/<instrument id>.json, one file per instrument, written by the build. */
(function () {
  "use strict";
  var drawing = document.getElementById("kb-graph");
  if (!drawing || typeof vis === "undefined") { return; }
  var siteRoot = new URL("../", window.location.href);
  var KINDS = {
    cites: {label: "Cites", color: "#3949ab"},
    cited_by: {label: "Cited by", color: "#00897b"},
    superseded_by: {label: "Replaced by", color: "#c62828", dashes: true},
    supersedes: {label: "Replaces", color: "#ef6c00", dashes: true},
    version_of: {label: "Other version", color: "#c62828", dashes: true},
    amends: {label: "Amends", color: "#ef6c00", dashes: true},
    topic: {label: "Topic", color: "#6a1b9a"},
    answers: {label: "Realises proposal", color: "#2e7d32"},
    explained_by: {label: "Explained by recital", color: "#757575"},
    explains: {label: "Explains", color: "#757575"}
  };
  var GROUPS = {
    cn: {color: {background: "#ffebee", border: "#c62828"}},
    us: {color: {background: "#e3f2fd", border: "#1565c0"}},
    "us-ca": {color: {background: "#fff8e1", border: "#f9a825"}},
    eu: {color: {background: "#e8eaf6", border: "#283593"}},
    instrument: {shape: "box", color: {background: "#eceff1", border: "#37474f"}},
    topic: {shape: "ellipse", color: {background: "#f3e5f5", border: "#6a1b9a"}},
    proposal: {shape: "ellipse", color: {background: "#e8f5e9", border: "#2e7d32"}}
  };
  var hidden = {};
  var cache = {};
  var current = null;
  var network = null;

  var ID = /^[a-z]{2}(-[a-z]{2})?\/[a-z0-9][a-z0-9-]*(#[a-z]+_[0-9A-Za-z.-]+(__[a-z]+_[0-9A-Za-z.-]+)*)?$/;
  var status = document.getElementById("kb-graph-status");

  function instrumentOf(id) { return id.split("#")[0]; }
  function articleOf(id) {
    var parts = id.split("#");
    return parts.length > 1 ? parts[0] + "#" + parts[1].split("__")[0] : id;
  }
  function load(instrument) {
    if (!cache[instrument]) {
      cache[instrument] = fetch(new URL("graph/data/" + instrument + ".json", siteRoot)).then(function (r) {
        if (!r.ok) { throw new Error("no instrument " + instrument); }
        return r.json();
      });
    }
    return cache[instrument];
  }

  function relations(data, id) {
    if (id.indexOf("#") < 0) { return data.instrument.map(function (e) { return {kind: e[0], target: e[1], count: e[2]}; }); }
    return (data.edges[id] || []).map(function (e) { return {kind: e[0], target: e[1]}; });
  }

  function list(data, id, found) {
    var box = document.getElementById("kb-graph-list");
    box.textContent = "";
    var title = document.createElement("h2");
    var center = data.nodes[id];
    var link = document.createElement("a");
    link.href = new URL(center.url, siteRoot).href;
    link.textContent = center.label.replace("\n", " · ");
    title.appendChild(link);
    box.appendChild(title);
    if (!found.length) {
      var none = document.createElement("p");
      none.textContent = "No relations recorded.";
      box.appendChild(none);
    }
    Object.keys(KINDS).forEach(function (kind) {
      var mine = found.filter(function (r) { return r.kind === kind; });
      if (hidden[kind]) { return; }
      if (!mine.length) { return; }
      var heading = document.createElement("h3");
      heading.textContent = KINDS[kind].label + " (" + mine.length + ")";
      var ul = document.createElement("ul");
      ul.dataset.kind = kind;
      mine.forEach(function (r) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = new URL(data.nodes[r.target].url, siteRoot).href;
        a.textContent = data.nodes[r.target].label.replace("\n", " · ") + (r.count > 1 ? " (" + r.count + " references)" : "");
        li.appendChild(a);
        ul.appendChild(li);
      });
      box.appendChild(heading);
      box.appendChild(ul);
    });
  }

  function draw(data, id, found) {
    var nodes = [{id: id, label: data.nodes[id].label, group: data.nodes[id].group, borderWidth: 3, font: {size: 16, bold: true}}];
    var edges = [];
    var seen = {};
    seen[id] = true;
    found.forEach(function (r, i) {
      if (hidden[r.kind]) { return; }
      if (!seen[r.target]) {
        seen[r.target] = true;
        nodes.push({id: r.target, label: data.nodes[r.target].label, group: data.nodes[r.target].group});
      }
      var style = KINDS[r.kind] || {label: r.kind, color: "#555"};
      var incoming = r.kind === "cited_by" || r.kind === "supersedes" || r.kind === "explained_by";
      edges.push({id: i, from: incoming ? r.target : id, to: incoming ? id : r.target, arrows: "to",
                  color: {color: style.color}, dashes: !!style.dashes,
                  title: style.label, label: r.count > 1 ? String(r.count) : undefined});
    });
    var graphData = {nodes: new vis.DataSet(nodes), edges: new vis.DataSet(edges)};
    var options = {groups: GROUPS, nodes: {shape: "box", margin: 6, font: {face: "sans-serif", size: 13}},
                   edges: {smooth: false, font: {size: 11}},
                   physics: {solver: "barnesHut", stabilization: {iterations: 300},
                             barnesHut: {gravitationalConstant: -12000, springLength: 220, avoidOverlap: 1}}};
    if (network) { network.destroy(); }
    network = new vis.Network(drawing, graphData, options);
    network.on("click", function (event) {
      if (!event.nodes.length) { return; }
      var target = event.nodes[0];
      if (target !== id && target.indexOf(":") < 0) { go(target, true); }
      else if (target.indexOf(":") >= 0) { window.location.href = new URL(data.nodes[target].url, siteRoot).href; }
    });
    drawing.dataset.nodes = String(nodes.length);
    drawing.dataset.ready = "true";
  }

  function fail(id, message) {
    if (network) { network.destroy(); network = null; }
    document.getElementById("kb-graph-list").textContent = "";
    document.getElementById("kb-graph-id").value = id;
    status.textContent = message;
    drawing.dataset.ready = "error";
  }

  function go(id, push) {
    id = id.trim();
    status.textContent = "";
    if (!ID.test(id)) {
      fail(id, "“" + id + "” is not an id: instruments look like cn/pipl, provisions like cn/pipl#art_47.");
      return;
    }
    var wanted = id.indexOf("#") < 0 ? id : articleOf(id);
    drawing.dataset.ready = "false";
    load(instrumentOf(wanted)).then(function (data) {
      if (!data.nodes[wanted]) { throw new Error("no provision " + id); }
      current = wanted;
      document.getElementById("kb-graph-id").value = wanted;
      if (push) { history.pushState(null, "", "?id=" + wanted.replace("#", "%23")); }
      var found = relations(data, wanted);
      list(data, wanted, found);
      draw(data, wanted, found);
    }).catch(function (error) {
      delete cache[instrumentOf(wanted)];
      fail(id, error.message + " in this knowledge base: check the id (instruments look like cn/pipl, provisions like cn/pipl#art_47).");
    });
  }

  var fieldset = document.getElementById("kb-graph-kinds");
  ["cites", "cited_by", "superseded_by", "supersedes", "version_of", "amends", "topic", "answers", "explained_by", "explains"].forEach(function (kind) {
    var label = document.createElement("label");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = kind;
    box.addEventListener("change", function () { hidden[kind] = !box.checked; if (current) { go(current, false); } });
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + KINDS[kind].label));
    label.style.borderBottom = "3px " + (KINDS[kind].dashes ? "dashed " : "solid ") + KINDS[kind].color;
    fieldset.appendChild(label);
  });
  document.getElementById("kb-graph-form").addEventListener("submit", function (event) {
    event.preventDefault();
    go(document.getElementById("kb-graph-id").value, true);
  });
  function requested() {
    var id = new URLSearchParams(window.location.search).get("id") || "cn/pipl#art_47";
    // ?id=cn/pipl#art_47 typed without %23: the browser takes #art_47 as the fragment
    if (id.indexOf("#") < 0 && window.location.hash) { id += window.location.hash; }
    return id;
  }
  window.addEventListener("popstate", function () { go(requested(), false); });
  go(requested(), false);
})();
