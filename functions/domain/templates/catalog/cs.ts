/**
 * Czech (vykání). The greeting leaves the name out on purpose: Czech addresses people in the vocative
 * ("Dobrý den, Jano"), and a nominative first name from a profile ("Dobrý den, Jana") reads as a form letter.
 * Diacritics make SMS texts UCS-2 (70 characters per part), so SMS texts are short rather than transliterated.
 */
import type { LocaleCatalog } from './types';

export const cs: LocaleCatalog = {
  chrome: {
    greeting: 'Dobrý den,',
    signOff: 'Tým Journeys',
    footer: 'Tento e-mail vám posíláme, protože máte účet Journeys.',
    unsubscribePrompt: 'Nechcete tyto e-maily dostávat?',
    unsubscribeLabel: 'Odhlásit se',
  },
  templates: {
    welcome: {
      email: {
        subject: 'Vítejte v Journeys',
        preheader: 'Váš účet je připravený. Tady je, jak začít.',
        heading: 'Jsme rádi, že jste tu',
        paragraphs: [
          'Děkujeme za registraci. Váš účet je připravený a vše potřebné máte na jedno kliknutí.',
          'Začněte nastavením prvního projektu – zabere to asi pět minut.',
        ],
        action: { label: 'Otevřít Journeys', url: 'appUrl' },
      },
      sms: 'Vítejte v Journeys! Účet je připravený: {{ appUrl }}',
      push: { title: 'Vítejte v Journeys', body: 'Váš účet je připravený. Klepněte a začněte.' },
    },
    activation_nudge: {
      email: {
        subject: 'Dokončete nastavení účtu',
        preheader: 'Pár minut teď vám později ušetří čas.',
        heading: 'Už jste skoro hotovi',
        paragraphs: [
          'Před pár dny jste se zaregistrovali, ale nastavení jste ještě nedokončili.',
          'Pokračujte tam, kde jste přestali. Zabere to jen pár minut.',
        ],
        action: { label: 'Dokončit nastavení', url: 'appUrl' },
      },
      sms: 'Dokončete nastavení Journeys za pár minut: {{ appUrl }}',
      push: { title: 'Dokončete nastavení', body: 'Zabere to jen pár minut. Pokračujte tam, kde jste přestali.' },
    },
    activation_nudge_benefit: {
      email: {
        subject: 'Váš účet vám už může šetřit čas',
        preheader: 'Dokončete nastavení a první výsledky uvidíte ještě dnes.',
        heading: 'Podívejte se, co pro vás Journeys udělá',
        paragraphs: [
          'Zákazníci, kteří dokončí nastavení, vidí první výsledky ještě týž den.',
          'Dělí vás od nich pár minut: připojte svá data a o zbytek se postaráme my.',
        ],
        action: { label: 'Ukázat první výsledky', url: 'appUrl' },
      },
      sms: 'První výsledky ještě dnes: {{ appUrl }}',
      push: { title: 'První výsledky na vás čekají', body: 'Dokončete nastavení za pár minut a uvidíte je ještě dnes.' },
    },
    tips: {
      email: {
        subject: '3 tipy, jak z Journeys vytěžit víc',
        preheader: 'Drobné zvyky, které vám každý týden ušetří čas.',
        heading: 'Tři tipy na první týden',
        paragraphs: [
          '1. Zapněte si oznámení, ať vám neunikne nic důležitého.',
          '2. Pozvěte svůj tým – společně to půjde rychleji.',
          '3. Nastavte si jazyk a časové pásmo, abychom vám psali ve správnou chvíli.',
        ],
        action: { label: 'Vyzkoušet hned', url: 'appUrl' },
      },
      sms: 'Tip: pozvěte do Journeys svůj tým: {{ appUrl }}',
      push: { title: 'Rychlý tip', body: 'Pozvěte svůj tým a nastavte si časové pásmo – z Journeys vytěžíte víc.' },
    },
    incident_ack: {
      email: {
        subject: 'Řešíme to: {{ incidentTitle }} ({{ incidentId }})',
        preheader: 'O problému víme a pracujeme na něm.',
        heading: 'Už na tom pracujeme',
        paragraphs: [
          'Víme o problému, který se týká vašeho účtu: {{ incidentTitle }} (číslo {{ incidentId }}).',
          'Náš tým ho právě řeší. Nemusíte nic dělat – budeme vás průběžně informovat, dokud ho neodstraníme.',
          { when: 'statusPageUrl', text: 'Průběh můžete sledovat živě na naší stavové stránce.' },
        ],
        action: { label: 'Zobrazit stav služby', url: 'statusPageUrl' },
      },
      sms: 'Řešíme: {{ incidentTitle }} ({{ incidentId }}). Budeme vás informovat.',
      push: { title: 'Řešíme to', body: '{{ incidentTitle }}: pracujeme na nápravě a budeme vás informovat.' },
    },
    incident_update: {
      email: {
        subject: 'Aktuálně: {{ incidentTitle }} ({{ incidentId }})',
        preheader: 'Nejnovější stav a co bude dál.',
        heading: 'Aktuální stav problému',
        paragraphs: [
          'Posíláme nejnovější informace k problému {{ incidentTitle }} (číslo {{ incidentId }}).',
          { when: 'incidentMessage', text: '{{ incidentMessage }}' },
          'Budeme vás informovat, dokud problém úplně nevyřešíme.',
        ],
        action: { label: 'Zobrazit stav služby', url: 'statusPageUrl' },
      },
      sms: '{{ incidentTitle }} ({{ incidentId }}): stále to řešíme, ozveme se.',
      push: {
        title: 'Aktuálně: {{ incidentTitle }}',
        body: '{{ incidentMessage | default: "Stále na tom pracujeme a budeme vás informovat." }}',
      },
    },
    crisis_alert: {
      email: {
        subject: 'Důležité: {{ headline }}',
        preheader: 'Co se děje a co to pro vás znamená.',
        heading: '{{ headline }}',
        paragraphs: [
          '{{ crisisMessage }}',
          'Celý náš tým na tom pracuje. Jakmile se situace změní, dáme vám vědět.',
          { when: 'statusPageUrl', text: 'Aktuální stav najdete na naší stavové stránce.' },
        ],
        action: { label: 'Aktuální stav', url: 'statusPageUrl' },
      },
      sms: 'Journeys: {{ crisisMessage }}',
      push: { title: '{{ headline }}', body: '{{ crisisMessage }}' },
    },
    crisis_update: {
      email: {
        subject: 'Aktualizace: {{ headline }}',
        preheader: 'Nejnovější informace o situaci.',
        heading: 'Aktualizace: {{ headline }}',
        paragraphs: ['{{ crisisMessage }}', 'Stále na tom pracujeme a budeme vás dál informovat.'],
        action: { label: 'Aktuální stav', url: 'statusPageUrl' },
      },
      sms: 'Aktualizace: {{ crisisMessage }}',
      push: { title: 'Aktualizace: {{ headline }}', body: '{{ crisisMessage }}' },
    },
    crisis_reminder: {
      email: {
        subject: 'Zatím beze změny: {{ headline }}',
        preheader: 'Stále na tom pracujeme.',
        heading: 'Zatím beze změny: {{ headline }}',
        paragraphs: [
          'Zatím není nic nového: stále na tom pracujeme.',
          'Napíšeme, jakmile se něco změní, nejpozději do {{ nextUpdateBy }}.',
          { when: 'statusPageUrl', text: 'Aktuální stav najdete na naší stavové stránce.' },
        ],
        action: { label: 'Aktuální stav', url: 'statusPageUrl' },
      },
      sms: 'Zatím beze změny: {{ headline }}. Další zpráva do {{ nextUpdateBy }}.',
      push: { title: 'Zatím beze změny: {{ headline }}', body: 'Stále na tom pracujeme. Další zpráva do {{ nextUpdateBy }}.' },
    },
    all_clear: {
      email: {
        subject: 'Vyřešeno: {{ headline }}',
        preheader: 'Vše opět funguje normálně.',
        heading: 'Problém je vyřešený',
        paragraphs: [
          'Problém „{{ headline }}“ je vyřešený a vše opět funguje normálně.',
          { when: 'crisisMessage', text: '{{ crisisMessage }}' },
          'Omlouváme se za komplikace a děkujeme za trpělivost.',
          { when: 'postmortemUrl', text: 'Zveřejnili jsme podrobný rozbor: co se stalo a co měníme, aby se to neopakovalo.' },
        ],
        action: { label: 'Přečíst rozbor', url: 'postmortemUrl' },
      },
      sms: 'Vyřešeno: {{ headline }}. {% if postmortemUrl %}Rozbor: {{ postmortemUrl }}{% else %}Děkujeme za trpělivost.{% endif %}',
      push: { title: 'Problém je vyřešený', body: '{{ headline }}: vše opět funguje normálně.' },
    },
    survey_invitation: {
      email: {
        subject: 'Jedna krátká otázka o Journeys',
        preheader: 'Zabere to deset sekund: doporučili byste nás?',
        heading: 'Jak se nám daří?',
        paragraphs: [
          {
            when: 'incidentTitle',
            text: 'Nedávno jsme vyřešili problém, který se vás týkal: {{ incidentTitle }}. Rádi bychom věděli, jak jsme si vedli.',
          },
          'Na stupnici od 0 do 10: jak pravděpodobné je, že byste Journeys doporučili příteli nebo kolegovi?',
          'Je to jediná otázka a zabere asi deset sekund. Každou odpověď si v týmu přečteme.',
        ],
        action: { label: 'Odpovědět', url: 'surveyUrl' },
      },
      sms: 'Doporučili byste nás? (0–10) {{ surveyUrl }}',
      push: { title: 'Jedna krátká otázka', body: 'Doporučili byste Journeys? Klepněte a ohodnoťte nás od 0 do 10.' },
    },
    survey_reminder: {
      email: {
        subject: 'Připomínka: jedna otázka o Journeys',
        preheader: 'Vaše odpověď nám pomůže zlepšit se.',
        heading: 'Máte deset sekund?',
        paragraphs: [
          'Před pár dny jsme se vás ptali, jak pravděpodobné je, že byste Journeys doporučili – na stupnici od 0 do 10.',
          'Pokud máte chvilku, vaše odpověď nám pomůže zlepšit se.',
        ],
        action: { label: 'Odpovědět', url: 'surveyUrl' },
      },
      sms: 'Připomínka: doporučili byste nás? {{ surveyUrl }}',
      push: { title: 'Máte deset sekund?', body: 'Řekněte nám, zda byste Journeys doporučili (0–10).' },
    },
    detractor_offer: {
      email: {
        subject: 'Mrzí nás to – rádi to napravíme',
        preheader: 'Podíváme se na to osobně.',
        heading: 'Děkujeme za upřímnost',
        paragraphs: [
          'Děkujeme za upřímnou odpověď. Mrzí nás, že jsme vás zklamali.',
          'Rádi bychom napravili, co se pokazilo. Váš případ si osobně převezme někdo z našeho týmu podpory, a pokud vás problém stál čas nebo peníze, probereme i kompenzaci.',
          'Napište nám, co se stalo, nebo si vyberte čas na hovor, který vám vyhovuje.',
        ],
        action: { label: 'Získat pomoc', url: 'helpUrl' },
      },
      sms: 'Mrzí nás, že jsme vás zklamali. Pomůžeme: {{ helpUrl }}',
      push: { title: 'Mrzí nás to', body: 'Rádi napravíme, co se pokazilo. Klepněte a spojte se s podporou.' },
    },
    detractor_help: {
      email: {
        subject: 'Mrzí nás to – jsme tu, abychom pomohli',
        preheader: 'Napište nám, co se pokazilo, a podíváme se na to.',
        heading: 'Děkujeme za upřímnost',
        paragraphs: [
          'Děkujeme za upřímnou odpověď. Mrzí nás, že jsme vás zklamali.',
          'Náš tým podpory vám pomůže se vším, co se pokazilo, a vaše odpověď jde lidem, kteří to umějí opravit.',
          'Napište nám, co se stalo, nebo si vyberte čas na hovor, který vám vyhovuje.',
        ],
        action: { label: 'Získat pomoc', url: 'helpUrl' },
      },
      sms: 'Mrzí nás to. Jsme tu pro vás: {{ helpUrl }}',
      push: { title: 'Mrzí nás to', body: 'Jsme tu, abychom pomohli. Klepněte a spojte se s podporou.' },
    },
    compensation_offer: {
      email: {
        subject: 'Mrzí nás to – sleva {{ discountPercent }} % z příští faktury',
        preheader: 'Omluva za výpadek a člověk, se kterým si můžete promluvit.',
        heading: 'Zklamali jsme vás a chceme to vynahradit',
        paragraphs: [
          'Děkujeme za upřímnou odpověď. Výpadek byl vážný a mrzí nás, jaké potíže vám způsobil.',
          'Jako omluvu vám z příští faktury odečteme {{ discountPercent }} %. Nemusíte nic dělat: slevu uplatníme automaticky.',
          'Váš případ si osobně převezme také někdo z našeho týmu podpory. Napište nám, co se stalo, nebo si vyberte čas na hovor.',
        ],
        action: { label: 'Získat pomoc', url: 'helpUrl' },
      },
      sms: 'Mrzí nás to. Sleva {{ discountPercent }} % z příští faktury: {{ helpUrl }}',
      push: { title: 'Mrzí nás to', body: 'Z příští faktury vám automaticky odečteme {{ discountPercent }} %. Klepněte a spojte se s podporou.' },
    },
    promoter_ask: {
      email: {
        subject: 'Děkujeme! Podělíte se o svou zkušenost?',
        preheader: 'Krátká recenze pomůže ostatním.',
        heading: 'Děkujeme za milé hodnocení',
        paragraphs: [
          'Těší nás, že vám Journeys dobře slouží – děkujeme, že jste nám to dali vědět.',
          'Podělili byste se o svou zkušenost v krátké recenzi? Ostatním pomůže při rozhodování a našemu týmu udělá velkou radost.',
        ],
        action: { label: 'Napsat recenzi', url: 'reviewUrl' },
      },
      sms: 'Díky za hodnocení! Napíšete nám recenzi? {{ reviewUrl }}',
      push: { title: 'Děkujeme!', body: 'Těší nás, že jste spokojeni. Podělíte se o zkušenost v recenzi?' },
    },
    passive_thanks: {
      email: {
        subject: 'Děkujeme za zpětnou vazbu',
        preheader: 'Vaše odpověď jde přímo k našemu týmu.',
        heading: 'Děkujeme za odpověď',
        paragraphs: [
          'Děkujeme, že jste si našli čas odpovědět. Vaše zpětná vazba jde přímo k týmu, který Journeys vyvíjí.',
          'Pracujeme na tom, abychom vám sloužili ještě lépe.',
          { when: 'helpUrl', text: 'Pokud vám něco chybí nebo by mohlo fungovat lépe, rádi si to poslechneme.' },
        ],
        action: { label: 'Poslat nápad', url: 'helpUrl' },
      },
      sms: 'Děkujeme za zpětnou vazbu! Jde přímo k našemu týmu.',
      push: { title: 'Děkujeme', body: 'Vaše zpětná vazba jde přímo k týmu, který Journeys vyvíjí.' },
    },
  },
};
