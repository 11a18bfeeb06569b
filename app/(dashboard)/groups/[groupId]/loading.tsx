import { PageSkeleton } from "@/components/ui/page-skeleton";

/** A group's page on its way (the groups list's skeleton would say "Loading groups"). */
export default function Loading() {
  return <PageSkeleton label="Loading the group" headingClass="w-64" bodyClass="h-48" />;
}
