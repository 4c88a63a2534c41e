// Postal-code autofill (SPEC B3): leaving the postal code fills city, region, county and
// country from the offline GeoNames data behind GET /api/v1/postcodes/{country}/{code}/.
(() => {
  const FIELDS = { city: "city", region: "region", county: "county" };
  const byName = (form, name) => form.querySelector(`[name="${name}"]`);

  async function autofill(input) {
    const form = input.form;
    const code = input.value.trim();
    if (!form || !code) return;
    const countryField = byName(form, "country");
    const country = ((countryField && countryField.value) || input.dataset.defaultCountry || "").toUpperCase();
    if (!country) return;
    const url = `${input.dataset.postcodeAutofill}${encodeURIComponent(country)}/${encodeURIComponent(code)}/`;
    let response;
    try {
      response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    } catch (error) {
      return;
    }
    const status = document.getElementById("postcode-status") || input.insertAdjacentElement(
      "afterend", Object.assign(document.createElement("small"), { id: "postcode-status", className: "help" }));
    status.setAttribute("role", "status");
    if (!response.ok) {
      let message = "Check the postal code.";
      if (response.status === 404) {
        message = "Postal code not in the offline data: fill the town and region by hand.";
      } else {
        const body = await response.json().catch(() => ({}));
        if (body.postal_code) message = [].concat(body.postal_code).join(" ");
      }
      status.textContent = message;
      return;
    }
    const place = await response.json();
    input.value = place.postal_code;
    for (const [key, name] of Object.entries(FIELDS)) {
      const field = byName(form, name);
      if (field && (!field.value || field.dataset.autofilled === "1")) {
        field.value = place[key] || "";
        field.dataset.autofilled = "1";
      }
    }
    if (countryField && !countryField.value) countryField.value = place.country;
    const filled = [place.locality, place.city, place.county, place.region].filter(Boolean);
    status.textContent = `Filled from postal code: ${[...new Set(filled)].join(", ")}`;
  }

  document.addEventListener("focusout", (event) => {
    const input = event.target;
    if (input instanceof HTMLInputElement && input.dataset.postcodeAutofill) autofill(input);
  });
})();
