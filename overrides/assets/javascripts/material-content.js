// Material's content script (partials/javascripts/content.html): a link to a tab's anchor opens that tab.
// Loaded as a file so that the site runs under script-src 'self'.
{
  const target = document.getElementById(location.hash.slice(1));
  if (target?.name) target.checked = target.name.startsWith("__tabbed_");
}
