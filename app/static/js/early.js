// Runs before the page paints: tells the style sheet that scripts run, so the header
// collapses behind its "Menu" button only when that button can open it again.
document.documentElement.classList.add("js");
