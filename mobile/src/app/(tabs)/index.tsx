export { HomeScreen as default } from '@/features/catalog/HomeScreen';
