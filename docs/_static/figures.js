/* Every lesson figure opens at full size: a figure shrunk to the column (a phone, two figures side
   by side) links to its image file, which the browser shows at its own size and lets the reader zoom. */
document.addEventListener("DOMContentLoaded", () => {
  "use strict";
  document.querySelectorAll("img.sphx-glr-single-img, img.sphx-glr-multi-img, article img.align-center").forEach((img) => {
    if (img.closest("a")) return;
    const link = document.createElement("a");
    link.href = img.currentSrc || img.src;
    link.className = "figure-full-size";
    link.title = document.documentElement.lang === "ja" ? "図を元の大きさで開く" : "Open the figure at full size";
    img.replaceWith(link);
    link.appendChild(img);
  });
});
