/**
 * Hungarian (magázás, the polite Ön form). The brand name is never given a case suffix ("a Journeys
 * szolgáltatás", "Journeys-fiók"), so no vowel-harmony guess about a foreign word is needed. Diacritics such as
 * á, ő, ű make SMS texts UCS-2 (70 characters per part), so SMS texts are short rather than transliterated.
 */
import type { LocaleCatalog } from './types';

export const hu: LocaleCatalog = {
  chrome: {
    greeting: 'Kedves {{ name | default: "Ügyfelünk" }}!',
    signOff: 'A Journeys csapata',
    footer: 'Ezt az e-mailt azért kapja, mert van Journeys-fiókja.',
    unsubscribePrompt: 'Nem szeretne több ilyen e-mailt kapni?',
    unsubscribeLabel: 'Leiratkozás',
  },
  templates: {
    welcome: {
      email: {
        subject: 'Üdvözöljük{% if name %}, {{ name }}{% endif %}! Elkészült a Journeys-fiókja',
        preheader: 'A fiókja készen áll. Így kezdhet hozzá.',
        heading: 'Örülünk, hogy itt van',
        paragraphs: [
          'Köszönjük a regisztrációt! A fiókja készen áll, és minden, amire szüksége van, egy kattintásnyira van.',
          'Kezdje az első projektje beállításával – nagyjából öt percet vesz igénybe.',
        ],
        action: { label: 'A Journeys megnyitása', url: 'appUrl' },
      },
      sms: 'Üdvözöljük! Elkészült a Journeys-fiókja: {{ appUrl }}',
      push: { title: 'Üdvözöljük!', body: 'Elkészült a Journeys-fiókja. Koppintson a kezdéshez.' },
    },
    activation_nudge: {
      email: {
        subject: 'Fejezze be a fiókja beállítását',
        preheader: 'Néhány perc most később sok időt spórol.',
        heading: 'Már majdnem kész',
        paragraphs: [
          'Néhány napja regisztrált, de a beállítást még nem fejezte be.',
          'Folytassa ott, ahol abbahagyta – csak néhány percet vesz igénybe.',
        ],
        action: { label: 'A beállítás befejezése', url: 'appUrl' },
      },
      sms: 'Fejezze be a beállítást pár perc alatt: {{ appUrl }}',
      push: { title: 'Fejezze be a beállítást', body: 'Csak néhány perc. Folytassa ott, ahol abbahagyta.' },
    },
    activation_nudge_benefit: {
      email: {
        subject: 'A fiókja már időt spórolhat Önnek',
        preheader: 'Fejezze be a beállítást, és még ma látja az első eredményeket.',
        heading: 'Nézze meg, mit tesz Önért a Journeys',
        paragraphs: [
          'Akik befejezik a beállítást, még aznap látják az első eredményeiket.',
          'Csak néhány perc: kapcsolja össze az adatait, a többit mi intézzük.',
        ],
        action: { label: 'Az első eredményeim', url: 'appUrl' },
      },
      sms: 'Első eredmények még ma: {{ appUrl }}',
      push: { title: 'Az első eredmények várják', body: 'Fejezze be a beállítást pár perc alatt, és még ma látja őket.' },
    },
    tips: {
      email: {
        subject: '3 tipp a Journeys jobb kihasználásához',
        preheader: 'Apró szokások, amelyekkel hetente időt spórolhat.',
        heading: 'Három tipp az első hétre',
        paragraphs: [
          '1. Kapcsolja be az értesítéseket, hogy semmi fontosról ne maradjon le.',
          '2. Hívja meg a csapatát – együtt gyorsabban megy.',
          '3. Állítsa be a nyelvet és az időzónát, hogy mindig a megfelelő pillanatban írjunk Önnek.',
        ],
        action: { label: 'Kipróbálom', url: 'appUrl' },
      },
      sms: 'Journeys-tipp: hívja meg a csapatát is! {{ appUrl }}',
      push: { title: 'Egy gyors tipp', body: 'Hívja meg a csapatát, és állítsa be az időzónáját a jobb élményért.' },
    },
    incident_ack: {
      email: {
        subject: 'Dolgozunk rajta: {{ incidentTitle }} ({{ incidentId }})',
        preheader: 'Tudunk a hibáról, és már dolgozunk a javításán.',
        heading: 'Már dolgozunk rajta',
        paragraphs: [
          'Tudunk egy hibáról, amely az Ön fiókját is érinti: {{ incidentTitle }} (azonosító: {{ incidentId }}).',
          'Csapatunk már dolgozik a megoldáson. Önnek semmit sem kell tennie – folyamatosan tájékoztatjuk, amíg el nem hárítjuk a hibát.',
          { when: 'statusPageUrl', text: 'Az előrehaladást élőben követheti az állapotoldalunkon.' },
        ],
        action: { label: 'Az állapotoldal megnyitása', url: 'statusPageUrl' },
      },
      sms: 'Javítjuk: {{ incidentTitle }} ({{ incidentId }}). Jelentkezünk.',
      push: { title: 'Dolgozunk rajta', body: '{{ incidentTitle }}: már javítjuk, és folyamatosan tájékoztatjuk.' },
    },
    incident_update: {
      email: {
        subject: 'Friss információ: {{ incidentTitle }} ({{ incidentId }})',
        preheader: 'A legfrissebb állapot és a következő lépések.',
        heading: 'A hiba jelenlegi állapota',
        paragraphs: [
          'Íme a legfrissebb információ a hibáról: {{ incidentTitle }} (azonosító: {{ incidentId }}).',
          { when: 'incidentMessage', text: '{{ incidentMessage }}' },
          'Folyamatosan tájékoztatjuk, amíg a hibát teljesen el nem hárítjuk.',
        ],
        action: { label: 'Az állapotoldal megnyitása', url: 'statusPageUrl' },
      },
      sms: '{{ incidentTitle }} ({{ incidentId }}): még javítjuk. Jelentkezünk.',
      push: {
        title: 'Friss információ: {{ incidentTitle }}',
        body: '{{ incidentMessage | default: "Még dolgozunk rajta, és folyamatosan tájékoztatjuk." }}',
      },
    },
    crisis_alert: {
      email: {
        subject: 'Fontos: {{ headline }}',
        preheader: 'Mi történik, és mit jelent ez Önnek.',
        heading: '{{ headline }}',
        paragraphs: [
          '{{ crisisMessage }}',
          'Az egész csapatunk ezen dolgozik. Amint változik a helyzet, jelentkezünk.',
          { when: 'statusPageUrl', text: 'Az aktuális állapotot az állapotoldalunkon találja.' },
        ],
        action: { label: 'Aktuális állapot', url: 'statusPageUrl' },
      },
      sms: 'Journeys: {{ crisisMessage }}',
      push: { title: '{{ headline }}', body: '{{ crisisMessage }}' },
    },
    crisis_update: {
      email: {
        subject: 'Frissítés: {{ headline }}',
        preheader: 'A legfrissebb információk a helyzetről.',
        heading: 'Frissítés: {{ headline }}',
        paragraphs: ['{{ crisisMessage }}', 'Továbbra is dolgozunk rajta, és folyamatosan tájékoztatjuk.'],
        action: { label: 'Aktuális állapot', url: 'statusPageUrl' },
      },
      sms: 'Frissítés: {{ crisisMessage }}',
      push: { title: 'Frissítés: {{ headline }}', body: '{{ crisisMessage }}' },
    },
    crisis_reminder: {
      email: {
        subject: 'Még nincs változás: {{ headline }}',
        preheader: 'Továbbra is dolgozunk rajta.',
        heading: 'Még nincs változás: {{ headline }}',
        paragraphs: [
          'Egyelőre nincs újdonság: továbbra is dolgozunk rajta.',
          'Amint bármi változik, írunk, legkésőbb {{ nextUpdateBy }}-ig.',
          { when: 'statusPageUrl', text: 'Az aktuális állapotot az állapotoldalunkon találja.' },
        ],
        action: { label: 'Aktuális állapot', url: 'statusPageUrl' },
      },
      sms: 'Nincs változás: {{ headline }}. Újabb hír legkésőbb {{ nextUpdateBy }}-ig.',
      push: { title: 'Még nincs változás: {{ headline }}', body: 'Továbbra is dolgozunk rajta. Újabb hír legkésőbb {{ nextUpdateBy }}-ig.' },
    },
    all_clear: {
      email: {
        subject: 'Megoldva: {{ headline }}',
        preheader: 'Minden ismét a megszokott módon működik.',
        heading: 'A hibát elhárítottuk',
        paragraphs: [
          'A hibát („{{ headline }}”) elhárítottuk, minden ismét a megszokott módon működik.',
          { when: 'crisisMessage', text: '{{ crisisMessage }}' },
          'Elnézést kérünk a kellemetlenségért, és köszönjük a türelmét.',
          {
            when: 'postmortemUrl',
            text: 'Közzétettük a részletes elemzést: mi történt, és mit változtatunk, hogy ne forduljon elő újra.',
          },
        ],
        action: { label: 'Az elemzés elolvasása', url: 'postmortemUrl' },
      },
      sms: 'Megoldva: {{ headline }}. {% if postmortemUrl %}Elemzés: {{ postmortemUrl }}{% else %}Köszönjük a türelmét!{% endif %}',
      push: { title: 'A hibát elhárítottuk', body: '{{ headline }}: minden ismét a megszokott módon működik.' },
    },
    survey_invitation: {
      email: {
        subject: 'Egyetlen rövid kérdés',
        preheader: 'Tíz másodperc: ajánlana minket másoknak?',
        heading: 'Hogy teljesítünk?',
        paragraphs: [
          {
            when: 'incidentTitle',
            text: 'Nemrég elhárítottunk egy hibát, amely Önt is érintette: {{ incidentTitle }}. Szeretnénk tudni, hogyan kezeltük.',
          },
          'Egy 0-tól 10-ig terjedő skálán mennyire valószínű, hogy ajánlaná a Journeys szolgáltatást egy barátjának vagy kollégájának?',
          'Mindössze egy kérdés, nagyjából tíz másodperc. Minden választ elolvasunk.',
        ],
        action: { label: 'Válaszolok', url: 'surveyUrl' },
      },
      sms: 'Ajánlana minket? Értékeljen (0–10): {{ surveyUrl }}',
      push: { title: 'Egyetlen rövid kérdés', body: 'Ajánlaná a Journeys szolgáltatást? Koppintson, és értékeljen 0–10 között.' },
    },
    survey_reminder: {
      email: {
        subject: 'Emlékeztető: egyetlen rövid kérdés',
        preheader: 'A válasza segít nekünk fejlődni.',
        heading: 'Van tíz másodperce?',
        paragraphs: [
          'Néhány napja megkérdeztük, mennyire valószínű, hogy ajánlaná a Journeys szolgáltatást – egy 0-tól 10-ig terjedő skálán.',
          'Ha van egy perce, a válasza segít nekünk fejlődni.',
        ],
        action: { label: 'Válaszolok', url: 'surveyUrl' },
      },
      sms: 'Emlékeztető: ajánlana minket? {{ surveyUrl }}',
      push: { title: 'Van tíz másodperce?', body: 'Mondja el, ajánlaná-e a Journeys szolgáltatást (0–10).' },
    },
    detractor_offer: {
      email: {
        subject: 'Sajnáljuk – szeretnénk jóvátenni',
        preheader: 'Személyesen foglalkozunk az ügyével.',
        heading: 'Köszönjük az őszinteségét',
        paragraphs: [
          'Köszönjük az őszinte válaszát. Sajnáljuk, hogy csalódást okoztunk.',
          'Szeretnénk helyrehozni, ami elromlott. Ügyfélszolgálatunk egyik munkatársa személyesen foglalkozik az ügyével, és ha a hiba időbe vagy pénzbe került Önnek, a kompenzációról is egyeztetünk.',
          'Írja meg, mi történt, vagy válasszon egy Önnek megfelelő időpontot egy telefonos egyeztetésre.',
        ],
        action: { label: 'Segítséget kérek', url: 'helpUrl' },
      },
      sms: 'Sajnáljuk a csalódást. Segítünk: {{ helpUrl }}',
      push: { title: 'Sajnáljuk', body: 'Szeretnénk helyrehozni, ami elromlott. Koppintson, és segítünk.' },
    },
    detractor_help: {
      email: {
        subject: 'Sajnáljuk – azért vagyunk, hogy segítsünk',
        preheader: 'Írja meg, mi romlott el, és utánanézünk.',
        heading: 'Köszönjük az őszinteségét',
        paragraphs: [
          'Köszönjük az őszinte válaszát. Sajnáljuk, hogy csalódást okoztunk.',
          'Ügyfélszolgálatunk segít mindenben, ami elromlott, és a válasza azokhoz jut el, akik ki tudják javítani.',
          'Írja meg, mi történt, vagy válasszon egy Önnek megfelelő időpontot egy telefonos egyeztetésre.',
        ],
        action: { label: 'Segítséget kérek', url: 'helpUrl' },
      },
      sms: 'Sajnáljuk. Itt vagyunk, segítünk: {{ helpUrl }}',
      push: { title: 'Sajnáljuk', body: 'Azért vagyunk, hogy segítsünk. Koppintson, és segítünk.' },
    },
    compensation_offer: {
      email: {
        subject: 'Sajnáljuk – {{ discountPercent }}% kedvezmény a következő számlájából',
        preheader: 'Bocsánatkérés a leállásért, és egy munkatárs, akivel beszélhet.',
        heading: 'Csalódást okoztunk, és szeretnénk jóvátenni',
        paragraphs: [
          'Köszönjük az őszinte válaszát. A leállás súlyos volt, és sajnáljuk, hogy kellemetlenséget okozott.',
          'Bocsánatkérésként {{ discountPercent }}% kedvezményt adunk a következő számlájából. Önnek nincs teendője: a kedvezményt automatikusan érvényesítjük.',
          'Ügyfélszolgálatunk egyik munkatársa személyesen is foglalkozik az ügyével. Írja meg, mi történt, vagy válasszon időpontot egy hívásra.',
        ],
        action: { label: 'Segítséget kérek', url: 'helpUrl' },
      },
      sms: 'Sajnáljuk! {{ discountPercent }}% kedvezmény a köv. számlából: {{ helpUrl }}',
      push: { title: 'Sajnáljuk', body: '{{ discountPercent }}% kedvezményt adunk a következő számlájából. Koppintson, és segítünk.' },
    },
    promoter_ask: {
      email: {
        subject: 'Köszönjük! Megosztaná a tapasztalatait?',
        preheader: 'Egy rövid értékelés másoknak is segít.',
        heading: 'Köszönjük a kedves értékelést',
        paragraphs: [
          'Örülünk, hogy elégedett a Journeys szolgáltatással – köszönjük, hogy elmondta nekünk.',
          'Megosztaná a tapasztalatait egy rövid értékelésben? Másoknak segít a döntésben, csapatunknak pedig nagy öröm.',
        ],
        action: { label: 'Értékelést írok', url: 'reviewUrl' },
      },
      sms: 'Köszönjük! Írna rólunk értékelést? {{ reviewUrl }}',
      push: { title: 'Köszönjük!', body: 'Örülünk, hogy elégedett. Megosztaná a tapasztalatait egy értékelésben?' },
    },
    passive_thanks: {
      email: {
        subject: 'Köszönjük a visszajelzését',
        preheader: 'A válasza egyenesen a csapatunkhoz kerül.',
        heading: 'Köszönjük a válaszát',
        paragraphs: [
          'Köszönjük, hogy időt szánt a válaszra. Visszajelzése egyenesen ahhoz a csapathoz kerül, amely a Journeys szolgáltatást fejleszti.',
          'Azon dolgozunk, hogy még jobban kiszolgáljuk Önt.',
          { when: 'helpUrl', text: 'Ha valami hiányzik, vagy jobban is működhetne, szívesen meghallgatjuk.' },
        ],
        action: { label: 'Ötletet küldök', url: 'helpUrl' },
      },
      sms: 'Köszönjük a visszajelzését! Egyenesen a csapatunkhoz kerül.',
      push: { title: 'Köszönjük', body: 'Visszajelzése egyenesen a Journeys csapatához kerül.' },
    },
  },
};
