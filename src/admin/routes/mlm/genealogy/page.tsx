import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Container, Heading, Text } from "@medusajs/ui"
import { GenealogyExplorer } from "../../../components/genealogy/genealogy-explorer"
import { MfaGate } from "../../../components/mfa-gate"

/**
 * MLM → Genealogy: the sponsor tree and the placement trees, loaded level by level as members
 * are expanded, with search, focus (upline breadcrumbs, then the subtree), zoom and pan.
 * Every MLM role reads the tree (mlm.read); binary carry shows for money.read only.
 */
function GenealogyPage() {
  return (
    <div className="flex flex-col gap-y-3" data-testid="genealogy-page">
      <Container className="px-6 py-4">
        <Heading level="h1">Genealogy</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          Who recruited whom, and where members sit in the placement trees. Only what you expand is loaded.
        </Text>
      </Container>
      <MfaGate framed>
        <GenealogyExplorer />
      </MfaGate>
    </div>
  )
}

export const config = defineRouteConfig({ label: "Genealogy" })

export default GenealogyPage
