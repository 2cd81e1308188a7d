/**
 * English: the fallback of every locale, so every template exists here. SMS texts use only GSM-7 characters
 * (straight quotes, `-` not `–`), which keeps them in one 160-character part.
 */
import type { LocaleCatalog } from './types';

export const en: LocaleCatalog = {
  chrome: {
    greeting: 'Hello{% if name %} {{ name }}{% endif %},',
    signOff: 'The Journeys team',
    footer: 'You are receiving this email because you have a Journeys account.',
    unsubscribePrompt: "Don't want these emails?",
    unsubscribeLabel: 'Unsubscribe',
  },
  templates: {
    welcome: {
      email: {
        subject: 'Welcome to Journeys{% if name %}, {{ name }}{% endif %}',
        preheader: 'Your account is ready. Here is how to get started.',
        heading: "We're glad you're here",
        paragraphs: [
          'Thanks for signing up. Your account is ready, and everything you need is one click away.',
          'Start by setting up your first project – it takes about five minutes.',
        ],
        action: { label: 'Open Journeys', url: 'appUrl' },
      },
      sms: 'Welcome to Journeys! Your account is ready: {{ appUrl }}',
      push: { title: 'Welcome to Journeys', body: 'Your account is ready. Tap to get started.' },
    },
    activation_nudge: {
      email: {
        subject: 'Finish setting up your account',
        preheader: 'A few minutes now saves you time later.',
        heading: "You're almost there",
        paragraphs: [
          "You signed up a few days ago but haven't finished setting up yet.",
          'Pick up where you left off. It only takes a few minutes.',
        ],
        action: { label: 'Finish setup', url: 'appUrl' },
      },
      sms: 'Journeys: finish setting up your account in a few minutes: {{ appUrl }}',
      push: { title: 'Finish setting up', body: 'It only takes a few minutes. Pick up where you left off.' },
    },
    activation_nudge_benefit: {
      email: {
        subject: 'Your account is ready to save you time',
        preheader: 'Finish setup and see your first results today.',
        heading: 'See what Journeys does for you',
        paragraphs: [
          'Customers who finish setup see their first results on the same day.',
          'You are a few minutes away: connect your data and we take it from there.',
        ],
        action: { label: 'See my first results', url: 'appUrl' },
      },
      sms: 'Journeys: see your first results today. Finish setup in minutes: {{ appUrl }}',
      push: { title: 'Your first results are waiting', body: 'Finish setup in a few minutes and see them today.' },
    },
    tips: {
      email: {
        subject: '3 tips to get more out of Journeys',
        preheader: 'Small habits that save you time every week.',
        heading: 'Three tips for your first week',
        paragraphs: [
          "1. Turn on notifications so you don't miss what matters.",
          '2. Invite your team – work goes faster together.',
          '3. Set your language and time zone, so we write to you at the right moment.',
        ],
        action: { label: 'Try it now', url: 'appUrl' },
      },
      sms: "Journeys tip: invite your team - it's faster together: {{ appUrl }}",
      push: { title: 'A quick tip', body: 'Invite your team and set your time zone to get more out of Journeys.' },
    },
    incident_ack: {
      email: {
        subject: "We're on it: {{ incidentTitle }} ({{ incidentId }})",
        preheader: 'We know about the problem and are working on it.',
        heading: "We're on it",
        paragraphs: [
          'We know about a problem affecting your account: {{ incidentTitle }} (reference {{ incidentId }}).',
          "Our team is working on it right now. You don't need to do anything – we'll keep you posted until it's fixed.",
          { when: 'statusPageUrl', text: 'You can follow our progress live on the status page.' },
        ],
        action: { label: 'View status page', url: 'statusPageUrl' },
      },
      sms: "Journeys: we're fixing {{ incidentTitle }} ({{ incidentId }}) and will keep you posted.",
      push: { title: "We're on it", body: "{{ incidentTitle }}: we're working on a fix and will keep you posted." },
    },
    incident_update: {
      email: {
        subject: 'Update: {{ incidentTitle }} ({{ incidentId }})',
        preheader: 'The latest on the problem, and what happens next.',
        heading: 'An update on the problem',
        paragraphs: [
          'Here is the latest on {{ incidentTitle }} (reference {{ incidentId }}).',
          { when: 'incidentMessage', text: '{{ incidentMessage }}' },
          "We'll keep you posted until it's fully resolved.",
        ],
        action: { label: 'View status page', url: 'statusPageUrl' },
      },
      sms: "Journeys update: {{ incidentTitle }} ({{ incidentId }}) - we're still on it and will keep you posted.",
      push: {
        title: 'Update: {{ incidentTitle }}',
        body: '{{ incidentMessage | default: "We\'re still working on it and will keep you posted." }}',
      },
    },
    crisis_alert: {
      email: {
        subject: 'Important: {{ headline }}',
        preheader: 'What is happening, and what it means for you.',
        heading: '{{ headline }}',
        paragraphs: [
          '{{ crisisMessage }}',
          "Our whole team is working on this. We'll write again as soon as anything changes.",
          { when: 'statusPageUrl', text: 'For live updates, see our status page.' },
        ],
        action: { label: 'Live status', url: 'statusPageUrl' },
      },
      sms: 'Journeys: {{ crisisMessage }}',
      push: { title: '{{ headline }}', body: '{{ crisisMessage }}' },
    },
    crisis_update: {
      email: {
        subject: 'Update: {{ headline }}',
        preheader: 'The latest on the situation.',
        heading: 'Update: {{ headline }}',
        paragraphs: ['{{ crisisMessage }}', "We're still working on it and will keep you updated."],
        action: { label: 'Live status', url: 'statusPageUrl' },
      },
      sms: 'Journeys update: {{ crisisMessage }}',
      push: { title: 'Update: {{ headline }}', body: '{{ crisisMessage }}' },
    },
    crisis_reminder: {
      email: {
        subject: 'No change yet: {{ headline }}',
        preheader: "We're still working on it.",
        heading: 'No change yet: {{ headline }}',
        paragraphs: [
          "There is nothing new to report yet: we're still working on it.",
          "We'll write as soon as anything changes, and by {{ nextUpdateBy }} at the latest.",
          { when: 'statusPageUrl', text: 'For live updates, see our status page.' },
        ],
        action: { label: 'Live status', url: 'statusPageUrl' },
      },
      sms: 'Journeys: no change yet - {{ headline }}. Next update by {{ nextUpdateBy }}.',
      push: { title: 'No change yet: {{ headline }}', body: "We're still on it. Next update by {{ nextUpdateBy }}." },
    },
    all_clear: {
      email: {
        subject: 'Resolved: {{ headline }}',
        preheader: 'Everything is working normally again.',
        heading: 'All clear: the problem is fixed',
        paragraphs: [
          'The issue “{{ headline }}” is resolved, and everything is working normally again.',
          { when: 'crisisMessage', text: '{{ crisisMessage }}' },
          "We're sorry for the disruption, and thank you for your patience.",
          {
            when: 'postmortemUrl',
            text: "We've published a post-mortem: what happened, and what we're changing so it doesn't happen again.",
          },
        ],
        action: { label: 'Read the post-mortem', url: 'postmortemUrl' },
      },
      sms: 'Journeys: resolved - {{ headline }}. {% if postmortemUrl %}What happened: {{ postmortemUrl }}{% else %}Thank you for your patience.{% endif %}',
      push: { title: 'All clear', body: '{{ headline }} is resolved. Everything is working normally again.' },
    },
    survey_invitation: {
      email: {
        subject: 'One quick question about Journeys',
        preheader: 'It takes ten seconds: how likely are you to recommend us?',
        heading: 'How are we doing?',
        paragraphs: [
          { when: 'incidentTitle', text: "We recently fixed a problem that affected you: {{ incidentTitle }}. We'd like to know how we did." },
          'On a scale from 0 to 10, how likely are you to recommend Journeys to a friend or colleague?',
          "It's one question and takes about ten seconds. Our team reads every answer.",
        ],
        action: { label: 'Answer the question', url: 'surveyUrl' },
      },
      sms: 'Journeys: how likely are you to recommend us, 0-10? Answer here: {{ surveyUrl }}',
      push: { title: 'One quick question', body: 'How likely are you to recommend Journeys? Tap to answer (0-10).' },
    },
    survey_reminder: {
      email: {
        subject: 'Reminder: one quick question about Journeys',
        preheader: 'Your answer helps us get better.',
        heading: 'Do you have ten seconds?',
        paragraphs: [
          'A few days ago we asked how likely you are to recommend Journeys, on a scale from 0 to 10.',
          'If you have a moment, your answer helps us get better.',
        ],
        action: { label: 'Answer the question', url: 'surveyUrl' },
      },
      sms: 'Journeys reminder: how likely are you to recommend us, 0-10? {{ surveyUrl }}',
      push: { title: 'Got ten seconds?', body: 'Tell us how likely you are to recommend Journeys (0-10).' },
    },
    detractor_offer: {
      email: {
        subject: "We're sorry – let us make it right",
        preheader: 'Someone from our team will look at this personally.',
        heading: 'Thank you for your honesty',
        paragraphs: [
          "Thank you for your honest answer. We're sorry we let you down.",
          "We'd like to fix what went wrong. Someone from our support team will look at your case personally, and if the problem cost you time or money, we'll talk about compensation.",
          'Tell us what happened, or book a call at a time that suits you.',
        ],
        action: { label: 'Get help', url: 'helpUrl' },
      },
      sms: "Journeys: we're sorry we let you down. Let us make it right: {{ helpUrl }}",
      push: { title: "We're sorry", body: "We'd like to make it right. Tap to talk to our support team." },
    },
    detractor_help: {
      email: {
        subject: "We're sorry – we're here to help",
        preheader: 'Tell us what went wrong and we will look at it.',
        heading: 'Thank you for your honesty',
        paragraphs: [
          "Thank you for your honest answer. We're sorry we let you down.",
          'Our support team is here to help you with whatever went wrong, and your answer goes to the people who can fix it.',
          'Tell us what happened, or book a call at a time that suits you.',
        ],
        action: { label: 'Get help', url: 'helpUrl' },
      },
      sms: "Journeys: we're sorry we let you down. We're here to help: {{ helpUrl }}",
      push: { title: "We're sorry", body: "We're here to help. Tap to talk to our support team." },
    },
    compensation_offer: {
      email: {
        subject: "We're sorry – {{ discountPercent }} % off your next invoice",
        preheader: 'Our apology for the outage, and a person to talk to.',
        heading: 'We let you down, and we want to make up for it',
        paragraphs: [
          "Thank you for your honest answer. The outage was serious, and we're sorry for the trouble it caused you.",
          'As an apology, we are taking {{ discountPercent }} % off your next invoice. You need to do nothing: the discount is applied automatically.',
          'Someone from our support team will also look at your case personally. Tell us what happened, or book a call at a time that suits you.',
        ],
        action: { label: 'Get help', url: 'helpUrl' },
      },
      sms: "Journeys: we're sorry for the outage. {{ discountPercent }} % off your next invoice, applied automatically. Help: {{ helpUrl }}",
      push: { title: "We're sorry", body: '{{ discountPercent }} % off your next invoice, applied automatically. Tap to talk to our support team.' },
    },
    promoter_ask: {
      email: {
        subject: 'Thank you! Would you share your experience?',
        preheader: 'A short review helps others decide.',
        heading: 'Thank you for the kind words',
        paragraphs: [
          "We're glad Journeys works well for you – thank you for telling us.",
          'Would you share your experience in a short review? It helps other people decide, and it means a lot to our team.',
        ],
        action: { label: 'Write a review', url: 'reviewUrl' },
      },
      sms: 'Journeys: thanks for the great score! Would you leave us a short review? {{ reviewUrl }}',
      push: { title: 'Thank you!', body: 'Glad you like Journeys. Would you share your experience in a review?' },
    },
    passive_thanks: {
      email: {
        subject: 'Thanks for your feedback',
        preheader: 'Your answer goes straight to our team.',
        heading: 'Thank you for your answer',
        paragraphs: [
          'Thank you for taking the time to answer. Your feedback goes straight to the team that builds Journeys.',
          "We're working to serve you even better.",
          { when: 'helpUrl', text: "If something is missing or could work better, we'd love to hear about it." },
        ],
        action: { label: 'Share an idea', url: 'helpUrl' },
      },
      sms: 'Journeys: thanks for your feedback! It goes straight to our team.',
      push: { title: 'Thank you', body: 'Your feedback goes straight to the team that builds Journeys.' },
    },
  },
};
