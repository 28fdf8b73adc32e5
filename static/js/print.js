// «Печать» buttons: any element with data-action="print" prints the page (its print CSS hides the chrome).
document.addEventListener("click", (event) => {
  const button = event.target.closest('[data-action="print"]');
  if (button) {
    event.preventDefault();
    window.print();
  }
});
