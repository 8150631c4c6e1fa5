/** `/oauth/create`: the create form (built in the integrations UI issue). */
export function CreateIntegrationPage() {
  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">Add Integration</h1>
    </section>
  );
}
