// Keyboard and screen-reader fixes to the theme's menu (Material 9.x). Kept in one script, so that a theme update can
// be checked against this list (tests/test_keyboard.py drives each at 320 px and at desktop width):
// 1. The header's menu and search controls are <label for=checkbox>: not focusable and without a role. They become
//    buttons with a name and aria-expanded, operated by Enter and Space.
// 2. The side menu's section toggles (label.md-nav__link[for^=__nav]) get a name, aria-expanded and Space (the theme
//    handles Enter only).
// 3. Nothing hidden can take focus: the drawer is inert while it is closed off-screen (narrow screens), the search
//    results while search is closed, and the whole search on narrow screens until it is opened.
// 4. On narrow screens the opened drawer takes focus, and Escape closes it.
// 5. A table wider than the screen scrolls in its own frame; the frame can take focus, so that arrow keys scroll it.
// The site's words, in the edition's standard (the page-script area of content/interface.yml): this classic script
// reads the page's words itself, as words.js does for the modules.
const words = JSON.parse(document.getElementById("koord-words")?.textContent || "{}");
const narrow = matchMedia("(max-width: 76.1875em)"); // the theme's breakpoint for the off-canvas drawer
const drawer = document.getElementById("__drawer");
const search = document.getElementById("__search");

function asButton(label, name) {
  const box = document.getElementById(label.htmlFor);
  if (!box) return;
  label.setAttribute("role", "button");
  if (!label.hasAttribute("tabindex")) label.tabIndex = 0;
  if (name) label.setAttribute("aria-label", name);
  const sync = () => label.setAttribute("aria-expanded", String(box.checked));
  sync();
  box.addEventListener("change", sync);
  label.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" && event.key !== " ") return;
    event.preventDefault();
    event.stopPropagation(); // the theme's own Enter handling would toggle it back
    box.click();
  });
}

function syncInert() {
  const sidebar = document.querySelector(".md-sidebar--primary");
  if (sidebar) sidebar.inert = narrow.matches && !drawer?.checked;
  const searchBox = document.querySelector(".md-search");
  if (searchBox) searchBox.inert = narrow.matches && !search?.checked;
  const results = document.querySelector(".md-search__output");
  if (results) results.inert = !search?.checked;
}

for (const label of document.querySelectorAll('label.md-header__button[for="__drawer"]')) asButton(label, words["page-script.menu"]);
for (const label of document.querySelectorAll('label.md-header__button[for="__search"]')) asButton(label, words["page-script.search"]);
for (const label of document.querySelectorAll('label.md-nav__link[for^="__nav"]')) {
  const section = label.closest(".md-nav__container")?.querySelector("a")?.textContent.trim() || label.textContent.trim();
  asButton(label, `Undermeny: ${section}`);
}
for (const box of [drawer, search]) box?.addEventListener("change", syncInert);

// The opened drawer takes focus (it lies over the page, and comes last in the page's order); Escape closes it and
// gives focus back to the menu button.
const menuButton = document.querySelector('label.md-header__button[for="__drawer"]');
drawer?.addEventListener("change", () => {
  if (!narrow.matches) return;
  if (drawer.checked) document.querySelector(".md-sidebar--primary a[href], .md-sidebar--primary [tabindex='0']")?.focus();
  else if (document.activeElement?.closest(".md-sidebar--primary")) menuButton?.focus();
});
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && drawer?.checked && narrow.matches) {
    drawer.click();
    menuButton?.focus();
  }
});
narrow.addEventListener("change", syncInert);
syncInert();

function scrollableTables() {
  for (const frame of document.querySelectorAll(".md-typeset__scrollwrap")) {
    const scrolls = frame.scrollWidth > frame.clientWidth + 1;
    if (scrolls) {
      frame.tabIndex = 0;
      frame.setAttribute("role", "region");
      frame.setAttribute("aria-label", words["page-script.scroll-table"]);
    } else {
      frame.removeAttribute("tabindex");
      frame.removeAttribute("role");
      frame.removeAttribute("aria-label");
    }
  }
}
addEventListener("resize", scrollableTables);
scrollableTables();
