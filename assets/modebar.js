/* Chart toolbars out of the tab order: plotly.js draws each chart's toolbar as a row of links, and the
 * page's three charts gave a keyboard user some thirty tab stops before the claims table. The toolbars
 * stay usable with a mouse; the charts' points are all in the claims table, which the keyboard reaches.
 */
(function () {
  "use strict";

  function untab(root) {
    root.querySelectorAll(".modebar-btn:not([tabindex='-1'])").forEach(function (b) {
      b.setAttribute("tabindex", "-1");
    });
  }

  new MutationObserver(function (changes) {
    changes.forEach(function (c) {
      c.addedNodes.forEach(function (n) {
        if (n.nodeType === 1) {
          untab(n);
        }
      });
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
