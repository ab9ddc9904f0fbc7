// On a page that has moved: go on at once, keeping the #section of the old link (a meta refresh would drop it).
const target = document.querySelector('link[rel="canonical"]');
if (target) location.replace(target.href + location.hash);
