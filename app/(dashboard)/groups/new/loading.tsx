import { PageSkeleton } from "@/components/ui/page-skeleton";

/** The create form on its way (the groups list's skeleton would say "Loading groups"). */
export default function Loading() {
  return <PageSkeleton label="Loading the form" headingClass="w-48" bodyClass="h-96 max-w-2xl" />;
}
