// The marketing screen's data: the overview (segments, templates, campaigns) and a template
// rendered for a customer, shared by the template tab and the campaign wizard.
import { useQuery } from '@apollo/client/react';
import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { graphql } from '../graphql/generated';

export const Overview = graphql(`
  query ConsoleMarketingOverview($atLeastPosition: String) {
    marketingSegments {
      segmentId
      name
      ruleJson
      updatedAt
    }
    marketingTemplates {
      templateId
      name
      locales
    }
    marketingCampaigns(atLeastPosition: $atLeastPosition) {
      campaignId
      name
      status
      segmentId
      audienceSize
      sentCount
      skippedCount
      sendAt
      completedAt
    }
  }
`);

export const PreviewMessage = graphql(`
  query ConsolePreviewMessage($templateId: ID!, $customerId: ID!, $locale: TemplateLocale!) {
    previewMessage(templateId: $templateId, customerId: $customerId, locale: $locale) {
      subject
      html
    }
  }
`);

/** A rendered e-mail in a sandbox: no script of a template runs in the console. */
export function PreviewFrame(props: {
  preview: { subject: string; html: string };
}): React.ReactElement {
  const { t } = useTranslation();
  return (
    <Card size="small" title={props.preview.subject}>
      <iframe
        title={t('marketing.preview')}
        sandbox=""
        srcDoc={props.preview.html}
        style={{ width: '100%', height: 480, border: 0 }}
      />
    </Card>
  );
}

export type Data = NonNullable<ReturnType<typeof useOverview>['data']>;
export const useOverview = () => useQuery(Overview);
