// On the pair form, the role-model list shows only the role models of the chosen form (or of the form it varies).
(function () {
  const form = document.querySelector("[data-role-model-filter]");
  const roleModel = document.querySelector('select[name="role_model"]');
  if (!form || !roleModel) return;

  function filter() {
    const chosen = form.options[form.selectedIndex];
    const parent = chosen ? chosen.dataset.parent : undefined;
    for (const option of roleModel.options) {
      if (!option.dataset.form) continue; // «без ролевой модели»
      const fits = option.dataset.form === form.value || option.dataset.form === parent;
      option.hidden = !fits;
      option.disabled = !fits;
      if (!fits && option.selected) roleModel.value = "";
    }
  }

  form.addEventListener("change", filter);
  filter();
})();
