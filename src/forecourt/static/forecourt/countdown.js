// Counts down to an OTP's expiry; without JavaScript the page shows the expiry time instead.
(() => {
  const pad = (n) => String(n).padStart(2, "0");
  const tick = (el) => {
    const left = Math.max(0, Math.round((Date.parse(el.dataset.countdown) - Date.now()) / 1000));
    el.textContent = `${pad(Math.floor(left / 60))}:${pad(left % 60)}`;
    if (left === 0) {
      el.classList.add("expired");
      el.textContent = "expired";
      const form = document.getElementById(el.dataset.disables || "");
      form?.querySelectorAll("input, button").forEach((node) => { node.disabled = true; });
      const note = document.getElementById(el.dataset.expiredNote || "");
      if (note) note.hidden = false;
      return;
    }
    setTimeout(() => tick(el), 1000);
  };
  document.querySelectorAll("[data-countdown]").forEach(tick);
})();
