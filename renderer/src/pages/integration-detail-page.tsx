import { useParams } from 'react-router';

/** `/oauth/:integrationId`: the detail page (built in the integrations UI issue). */
export function IntegrationDetailPage() {
  const { integrationId } = useParams();
  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">Integration {integrationId}</h1>
    </section>
  );
}
