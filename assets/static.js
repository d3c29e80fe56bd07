/* Static: plain elements drawn from data, as one Dash component (dashboard.components.Static).
 *
 * Built from Dash's html components, a page of the claims table was some two hundred components (a
 * row, eight cells and a badge per claim) and twenty disagreement cards nearly four hundred; Dash's
 * renderer keeps watch on each of them, which cost more of the main thread than these panels are
 * worth. None of those elements has a callback of its own, so here a panel is one component and its
 * elements are data: a node is a string (text) or {tag, className, colour, data, children}.
 *
 * Every string goes in as a React text child, so a quote or a name never becomes markup. Only the
 * tags below are drawn, the panel's own included; a colour is only ever a background colour; data becomes data-* attributes;
 * a link (<a>) only ever goes to a page of this site (an href that starts with one "/").
 */
(function () {
  "use strict";

  var TAGS = { tbody: 1, tr: 1, td: 1, div: 1, span: 1, strong: 1, blockquote: 1, a: 1 };
  var LOCAL = /^\/(?![\/\\])[^\s]*$/;

  function allowed(tag) {
    if (!TAGS[tag]) {
      throw new Error("Static: <" + tag + "> is not one of the elements it draws");
    }
    return tag;
  }

  function node(n, key) {
    if (n === null || n === undefined) {
      return null;
    }
    if (typeof n !== "object") {
      return String(n);
    }
    var props = { key: key };
    if (n.className) {
      props.className = n.className;
    }
    if (n.tag === "a") {
      props.href = typeof n.href === "string" && LOCAL.test(n.href) ? n.href : "#";
    }
    if (n.colour) {
      props.style = { backgroundColor: n.colour };
    }
    Object.keys(n.data || {}).forEach(function (name) {
      props["data-" + name] = n.data[name];
    });
    return window.React.createElement(allowed(n.tag), props, (n.children || []).map(node));
  }

  function Static(props) {
    var tag = allowed(props.tag || "div");
    return window.React.createElement(tag, { id: props.id, className: props.className }, (props.content || []).map(node));
  }

  window.dashboard_components = Object.assign(window.dashboard_components || {}, { Static: Static });
})();
