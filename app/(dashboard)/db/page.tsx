import { DbView } from '@/components/dashboard/db-view';

export const metadata = { title: 'Database · Data layer health' };

export default function DatabasePage() {
  return <DbView />;
}
