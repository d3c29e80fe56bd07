/* The claims table's body, drawn by one React component (dashboard.components.ClaimRows).
 *
 * Built from Dash's html components, a page of twenty claims was some two hundred components (a row,
 * eight cells and a badge per claim), and Dash's renderer keeps watch on each of them: on a cold load
 * they cost more of the main thread than the table is worth. Here a page is one component whose rows
 * are data: {key, cells: [{text, className, badges: [{text, className, colour}]}]}. Every text goes in
 * as a React text child, so a quote or a name never becomes markup.
 */
(function () {
  "use strict";

  function badge(b, i) {
    var style = b.colour ? { backgroundColor: b.colour } : undefined;
    return window.React.createElement("span", { key: i, className: b.className, style: style }, b.text);
  }

  function cell(c, i) {
    var badges = (c.badges || []).map(badge);
    return window.React.createElement("td", { key: i, className: c.className || undefined }, c.text || null, badges);
  }

  function ClaimRows(props) {
    var rows = props.rows || [];
    return window.React.createElement(
      "tbody",
      { id: props.id },
      rows.map(function (r) {
        return window.React.createElement("tr", { key: r.key, "data-claim": r.key }, r.cells.map(cell));
      })
    );
  }

  window.dashboard_components = Object.assign(window.dashboard_components || {}, { ClaimRows: ClaimRows });
})();
