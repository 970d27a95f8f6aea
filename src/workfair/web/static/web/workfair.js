// Small enhancements for every page; each page works without them.
// - The main menu folds behind the "Menu" button on small screens (CSS shows it whole without JS).
// - The account menu (a <details>) closes on Escape and on a click outside it.
// - A link marked data-history-back goes back a page (without JS, or with no page to go back to,
//   it follows its href). Inline handlers and javascript: links would break the CSP.
(function () {
  "use strict";

  function setUpNavToggle() {
    var toggle = document.querySelector(".nav-toggle");
    var menu = document.getElementById("nav-menu");
    if (!toggle || !menu) return;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", String(!open));
      menu.setAttribute("data-collapsed", String(open));
    });
  }

  function setUpAccountMenu() {
    var menus = document.querySelectorAll("details.account-menu");
    if (!menus.length) return;
    document.addEventListener("click", function (event) {
      menus.forEach(function (menu) {
        if (menu.open && !menu.contains(event.target)) menu.open = false;
      });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      menus.forEach(function (menu) {
        if (menu.open) {
          menu.open = false;
          menu.querySelector("summary").focus();
        }
      });
    });
  }

  function setUpBackLinks() {
    document.querySelectorAll("a[data-history-back]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (window.history.length > 1) {
          event.preventDefault();
          window.history.back();
        }
      });
    });
  }

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    setUpNavToggle();
    setUpAccountMenu();
    setUpBackLinks();
  });
})();
