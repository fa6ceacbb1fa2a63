import { InstancesView } from '@/components/dashboard/instances-view';

export const metadata = { title: 'Instances · Data layer health' };

export default function InstancesPage() {
  return <InstancesView />;
}
