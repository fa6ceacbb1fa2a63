import { CacheView } from '@/components/dashboard/cache-view';

export const metadata = { title: 'Cache · Data layer health' };

export default function CachePage() {
  return <CacheView />;
}
