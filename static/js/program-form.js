// A new program's title follows the chosen form and year until the curator types his own.
(function () {
  const data = document.getElementById("title-suggestions");
  const title = document.querySelector("[data-title-target]");
  const form = document.querySelector('[data-title-source="form"]');
  const year = document.querySelector('[data-title-source="year"]');
  if (!data || !title || !form || !year) return;
  const suggestions = JSON.parse(data.textContent);
  let suggested = "";

  function suggest() {
    const text = suggestions[`${form.value}:${year.value}`] || "";
    if (!title.value || title.value === suggested) title.value = text;
    title.placeholder = text;
    suggested = text;
  }

  form.addEventListener("change", suggest);
  year.addEventListener("change", suggest);
  suggest();
})();
