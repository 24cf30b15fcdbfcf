// Runs before Bootstrap Italia's bundle: the video.js it embeds would otherwise add a <style>
// element, which the Content-Security-Policy (style-src 'self') refuses. No page plays video.
window.VIDEOJS_NO_DYNAMIC_STYLE = true;
