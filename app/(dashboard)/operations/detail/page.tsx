import { OperationDetailView } from '@/components/dashboard/operation-detail-view';

export const metadata = { title: 'Operation · Data layer health' };

export default function OperationDetailPage() {
  return <OperationDetailView />;
}
