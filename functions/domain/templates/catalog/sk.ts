/**
 * Slovak (vykanie, the polite plural). Diacritics make SMS texts UCS-2, where one part holds 70 characters,
 * so SMS texts are short rather than transliterated.
 */
import type { LocaleCatalog } from './types';

export const sk: LocaleCatalog = {
  chrome: {
    greeting: 'Dobrý deň{% if name %}, {{ name }}{% endif %},',
    signOff: 'Tím Journeys',
    footer: 'Tento e-mail dostávate, pretože máte účet Journeys.',
    unsubscribePrompt: 'Nechcete dostávať tieto e-maily?',
    unsubscribeLabel: 'Odhlásiť sa',
  },
  templates: {
    welcome: {
      email: {
        subject: 'Vitajte v Journeys{% if name %}, {{ name }}{% endif %}',
        preheader: 'Váš účet je pripravený. Takto začnete.',
        heading: 'Sme radi, že ste tu',
        paragraphs: [
          'Ďakujeme za registráciu. Váš účet je pripravený a všetko potrebné máte na jedno kliknutie.',
          'Začnite nastavením prvého projektu – zaberie to asi päť minút.',
        ],
        action: { label: 'Otvoriť Journeys', url: 'appUrl' },
      },
      sms: 'Vitajte v Journeys! Účet je pripravený: {{ appUrl }}',
      push: { title: 'Vitajte v Journeys', body: 'Váš účet je pripravený. Ťuknite a začnite.' },
    },
    activation_nudge: {
      email: {
        subject: 'Dokončite nastavenie účtu',
        preheader: 'Pár minút teraz vám neskôr ušetrí čas.',
        heading: 'Už ste skoro hotoví',
        paragraphs: [
          'Pred pár dňami ste sa zaregistrovali, no nastavenie ste ešte nedokončili.',
          'Pokračujte tam, kde ste prestali. Zaberie to len pár minút.',
        ],
        action: { label: 'Dokončiť nastavenie', url: 'appUrl' },
      },
      sms: 'Dokončite nastavenie Journeys za pár minút: {{ appUrl }}',
      push: { title: 'Dokončite nastavenie', body: 'Zaberie to len pár minút. Pokračujte tam, kde ste prestali.' },
    },
    activation_nudge_benefit: {
      email: {
        subject: 'Váš účet vám už môže šetriť čas',
        preheader: 'Dokončite nastavenie a prvé výsledky uvidíte ešte dnes.',
        heading: 'Pozrite sa, čo pre vás Journeys urobí',
        paragraphs: [
          'Zákazníci, ktorí dokončia nastavenie, vidia prvé výsledky ešte v ten istý deň.',
          'Delí vás od nich pár minút: pripojte svoje údaje a o zvyšok sa postaráme my.',
        ],
        action: { label: 'Ukázať prvé výsledky', url: 'appUrl' },
      },
      sms: 'Prvé výsledky ešte dnes: {{ appUrl }}',
      push: { title: 'Prvé výsledky na vás čakajú', body: 'Dokončite nastavenie za pár minút a uvidíte ich ešte dnes.' },
    },
    tips: {
      email: {
        subject: '3 tipy, ako z Journeys vyťažiť viac',
        preheader: 'Drobné návyky, ktoré vám každý týždeň ušetria čas.',
        heading: 'Tri tipy na prvý týždeň',
        paragraphs: [
          '1. Zapnite si upozornenia, aby vám neuniklo nič dôležité.',
          '2. Pozvite svoj tím – spolu to pôjde rýchlejšie.',
          '3. Nastavte si jazyk a časové pásmo, aby sme vám písali v správnej chvíli.',
        ],
        action: { label: 'Vyskúšať hneď', url: 'appUrl' },
      },
      sms: 'Tip: pozvite do Journeys svoj tím: {{ appUrl }}',
      push: { title: 'Rýchly tip', body: 'Pozvite svoj tím a nastavte si časové pásmo – z Journeys vyťažíte viac.' },
    },
    incident_ack: {
      email: {
        subject: 'Riešime to: {{ incidentTitle }} ({{ incidentId }})',
        preheader: 'O probléme vieme a pracujeme na ňom.',
        heading: 'Už na tom pracujeme',
        paragraphs: [
          'Vieme o probléme, ktorý sa týka vášho účtu: {{ incidentTitle }} (číslo {{ incidentId }}).',
          'Náš tím ho práve rieši. Nemusíte nič robiť – budeme vás priebežne informovať, kým ho neodstránime.',
          { when: 'statusPageUrl', text: 'Priebeh môžete sledovať naživo na našej stavovej stránke.' },
        ],
        action: { label: 'Zobraziť stav služby', url: 'statusPageUrl' },
      },
      sms: 'Riešime: {{ incidentTitle }} ({{ incidentId }}). Budeme vás informovať.',
      push: { title: 'Riešime to', body: '{{ incidentTitle }}: pracujeme na náprave a budeme vás informovať.' },
    },
    incident_update: {
      email: {
        subject: 'Aktuálne: {{ incidentTitle }} ({{ incidentId }})',
        preheader: 'Najnovší stav a čo bude ďalej.',
        heading: 'Aktuálny stav problému',
        paragraphs: [
          'Posielame najnovšie informácie k problému {{ incidentTitle }} (číslo {{ incidentId }}).',
          { when: 'incidentMessage', text: '{{ incidentMessage }}' },
          'Budeme vás informovať, kým problém úplne nevyriešime.',
        ],
        action: { label: 'Zobraziť stav služby', url: 'statusPageUrl' },
      },
      sms: '{{ incidentTitle }} ({{ incidentId }}): stále to riešime, ozveme sa.',
      push: {
        title: 'Aktuálne: {{ incidentTitle }}',
        body: '{{ incidentMessage | default: "Stále na tom pracujeme a budeme vás informovať." }}',
      },
    },
    crisis_alert: {
      email: {
        subject: 'Dôležité: {{ headline }}',
        preheader: 'Čo sa deje a čo to pre vás znamená.',
        heading: '{{ headline }}',
        paragraphs: [
          '{{ crisisMessage }}',
          'Celý náš tím na tom pracuje. Keď sa situácia zmení, hneď vám dáme vedieť.',
          { when: 'statusPageUrl', text: 'Aktuálny stav nájdete na našej stavovej stránke.' },
        ],
        action: { label: 'Aktuálny stav', url: 'statusPageUrl' },
      },
      sms: 'Journeys: {{ crisisMessage }}',
      push: { title: '{{ headline }}', body: '{{ crisisMessage }}' },
    },
    crisis_update: {
      email: {
        subject: 'Aktualizácia: {{ headline }}',
        preheader: 'Najnovšie informácie o situácii.',
        heading: 'Aktualizácia: {{ headline }}',
        paragraphs: ['{{ crisisMessage }}', 'Stále na tom pracujeme a budeme vás ďalej informovať.'],
        action: { label: 'Aktuálny stav', url: 'statusPageUrl' },
      },
      sms: 'Aktualizácia: {{ crisisMessage }}',
      push: { title: 'Aktualizácia: {{ headline }}', body: '{{ crisisMessage }}' },
    },
    crisis_reminder: {
      email: {
        subject: 'Zatiaľ bez zmeny: {{ headline }}',
        preheader: 'Stále na tom pracujeme.',
        heading: 'Zatiaľ bez zmeny: {{ headline }}',
        paragraphs: [
          'Zatiaľ nie je nič nové: stále na tom pracujeme.',
          'Napíšeme hneď, ako sa niečo zmení, najneskôr do {{ nextUpdateBy }}.',
          { when: 'statusPageUrl', text: 'Aktuálny stav nájdete na našej stavovej stránke.' },
        ],
        action: { label: 'Aktuálny stav', url: 'statusPageUrl' },
      },
      sms: 'Zatiaľ bez zmeny: {{ headline }}. Ďalšia správa do {{ nextUpdateBy }}.',
      push: { title: 'Zatiaľ bez zmeny: {{ headline }}', body: 'Stále na tom pracujeme. Ďalšia správa do {{ nextUpdateBy }}.' },
    },
    all_clear: {
      email: {
        subject: 'Vyriešené: {{ headline }}',
        preheader: 'Všetko opäť funguje normálne.',
        heading: 'Problém je vyriešený',
        paragraphs: [
          'Problém „{{ headline }}“ je vyriešený a všetko opäť funguje normálne.',
          { when: 'crisisMessage', text: '{{ crisisMessage }}' },
          'Ospravedlňujeme sa za komplikácie a ďakujeme za trpezlivosť.',
          { when: 'postmortemUrl', text: 'Zverejnili sme podrobný rozbor: čo sa stalo a čo meníme, aby sa to neopakovalo.' },
        ],
        action: { label: 'Prečítať rozbor', url: 'postmortemUrl' },
      },
      sms: 'Vyriešené: {{ headline }}. {% if postmortemUrl %}Rozbor: {{ postmortemUrl }}{% else %}Ďakujeme za trpezlivosť.{% endif %}',
      push: { title: 'Problém je vyriešený', body: '{{ headline }}: všetko opäť funguje normálne.' },
    },
    survey_invitation: {
      email: {
        subject: 'Jedna krátka otázka o Journeys',
        preheader: 'Zaberie to desať sekúnd: odporučili by ste nás?',
        heading: 'Ako sa nám darí?',
        paragraphs: [
          {
            when: 'incidentTitle',
            text: 'Nedávno sme vyriešili problém, ktorý sa vás týkal: {{ incidentTitle }}. Radi by sme vedeli, ako sme to zvládli.',
          },
          'Na stupnici od 0 do 10: aká je pravdepodobnosť, že by ste Journeys odporučili priateľovi alebo kolegovi?',
          'Je to jediná otázka a zaberie asi desať sekúnd. Každú odpoveď si v tíme prečítame.',
        ],
        action: { label: 'Odpovedať', url: 'surveyUrl' },
      },
      sms: 'Odporučili by ste nás? (0–10) {{ surveyUrl }}',
      push: { title: 'Jedna krátka otázka', body: 'Odporučili by ste Journeys? Ťuknite a ohodnoťte nás od 0 do 10.' },
    },
    survey_reminder: {
      email: {
        subject: 'Pripomienka: jedna otázka o Journeys',
        preheader: 'Vaša odpoveď nám pomôže zlepšiť sa.',
        heading: 'Máte desať sekúnd?',
        paragraphs: [
          'Pred pár dňami sme sa vás pýtali, s akou pravdepodobnosťou by ste Journeys odporučili – na stupnici od 0 do 10.',
          'Ak máte chvíľku, vaša odpoveď nám pomôže zlepšiť sa.',
        ],
        action: { label: 'Odpovedať', url: 'surveyUrl' },
      },
      sms: 'Pripomienka: odporučili by ste nás? {{ surveyUrl }}',
      push: { title: 'Máte desať sekúnd?', body: 'Povedzte nám, či by ste Journeys odporučili (0–10).' },
    },
    detractor_offer: {
      email: {
        subject: 'Mrzí nás to – radi to napravíme',
        preheader: 'Pozrieme sa na to osobne.',
        heading: 'Ďakujeme za úprimnosť',
        paragraphs: [
          'Ďakujeme za úprimnú odpoveď. Mrzí nás, že sme vás sklamali.',
          'Radi by sme napravili, čo sa pokazilo. Váš prípad si osobne prevezme niekto z nášho tímu podpory, a ak vás problém stál čas alebo peniaze, preberieme aj kompenzáciu.',
          'Napíšte nám, čo sa stalo, alebo si vyberte čas na hovor, ktorý vám vyhovuje.',
        ],
        action: { label: 'Získať pomoc', url: 'helpUrl' },
      },
      sms: 'Mrzí nás, že sme vás sklamali. Pomôžeme: {{ helpUrl }}',
      push: { title: 'Mrzí nás to', body: 'Radi napravíme, čo sa pokazilo. Ťuknite a spojte sa s podporou.' },
    },
    detractor_help: {
      email: {
        subject: 'Mrzí nás to – sme tu, aby sme pomohli',
        preheader: 'Napíšte nám, čo sa pokazilo, a pozrieme sa na to.',
        heading: 'Ďakujeme za úprimnosť',
        paragraphs: [
          'Ďakujeme za úprimnú odpoveď. Mrzí nás, že sme vás sklamali.',
          'Náš tím podpory vám pomôže so všetkým, čo sa pokazilo, a vaša odpoveď ide ľuďom, ktorí to vedia opraviť.',
          'Napíšte nám, čo sa stalo, alebo si vyberte čas na hovor, ktorý vám vyhovuje.',
        ],
        action: { label: 'Získať pomoc', url: 'helpUrl' },
      },
      sms: 'Mrzí nás to. Sme tu pre vás: {{ helpUrl }}',
      push: { title: 'Mrzí nás to', body: 'Sme tu, aby sme pomohli. Ťuknite a spojte sa s podporou.' },
    },
    compensation_offer: {
      email: {
        subject: 'Mrzí nás to – zľava {{ discountPercent }} % z ďalšej faktúry',
        preheader: 'Ospravedlnenie za výpadok a človek, s ktorým sa môžete porozprávať.',
        heading: 'Sklamali sme vás a chceme to vynahradiť',
        paragraphs: [
          'Ďakujeme za úprimnú odpoveď. Výpadok bol vážny a mrzí nás, aké problémy vám spôsobil.',
          'Ako ospravedlnenie vám z ďalšej faktúry odpočítame {{ discountPercent }} %. Nemusíte nič robiť: zľavu uplatníme automaticky.',
          'Váš prípad si osobne prevezme aj niekto z nášho tímu podpory. Napíšte nám, čo sa stalo, alebo si vyberte čas na hovor.',
        ],
        action: { label: 'Získať pomoc', url: 'helpUrl' },
      },
      sms: 'Mrzí nás to. Zľava {{ discountPercent }} % z ďalšej faktúry: {{ helpUrl }}',
      push: { title: 'Mrzí nás to', body: 'Z ďalšej faktúry vám automaticky odpočítame {{ discountPercent }} %. Ťuknite a spojte sa s podporou.' },
    },
    promoter_ask: {
      email: {
        subject: 'Ďakujeme! Podelíte sa o svoju skúsenosť?',
        preheader: 'Krátka recenzia pomôže ostatným.',
        heading: 'Ďakujeme za milé hodnotenie',
        paragraphs: [
          'Teší nás, že vám Journeys dobre slúži – ďakujeme, že ste nám to dali vedieť.',
          'Podelili by ste sa o svoju skúsenosť v krátkej recenzii? Iným pomôže pri rozhodovaní a nášmu tímu urobí veľkú radosť.',
        ],
        action: { label: 'Napísať recenziu', url: 'reviewUrl' },
      },
      sms: 'Vďaka za hodnotenie! Napíšete recenziu? {{ reviewUrl }}',
      push: { title: 'Ďakujeme!', body: 'Teší nás, že ste spokojní. Podelíte sa o skúsenosť v recenzii?' },
    },
    passive_thanks: {
      email: {
        subject: 'Ďakujeme za spätnú väzbu',
        preheader: 'Vaša odpoveď putuje priamo k nášmu tímu.',
        heading: 'Ďakujeme za odpoveď',
        paragraphs: [
          'Ďakujeme, že ste si našli čas odpovedať. Vaša spätná väzba putuje priamo k tímu, ktorý Journeys vyvíja.',
          'Pracujeme na tom, aby sme vám slúžili ešte lepšie.',
          { when: 'helpUrl', text: 'Ak vám niečo chýba alebo by mohlo fungovať lepšie, radi si to vypočujeme.' },
        ],
        action: { label: 'Poslať nápad', url: 'helpUrl' },
      },
      sms: 'Ďakujeme za spätnú väzbu! Putuje priamo k nášmu tímu.',
      push: { title: 'Ďakujeme', body: 'Vaša spätná väzba putuje priamo k tímu, ktorý Journeys vyvíja.' },
    },
  },
};
