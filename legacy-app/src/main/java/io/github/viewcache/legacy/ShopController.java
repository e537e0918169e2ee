package io.github.viewcache.legacy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The shop's pages. It reaches the session only through Spring's {@link WebRequest}, so this
 * bytecode runs on javax (Spring 5.3) and jakarta (Spring 6) alike.
 */
@Controller
public class ShopController {

    private static final int SESSION = RequestAttributes.SCOPE_SESSION;

    /** How long an item takes to load, as from a database: {@code SHOP_RENDER_MS}, 0 by default (the bench sets it). */
    private static final long RENDER_MS = Long.parseLong(System.getenv().getOrDefault("SHOP_RENDER_MS", "0"));

    /** The catalog, in the visitor's locale cookie's language (a JSP with the default session="true"). */
    @GetMapping("/catalog")
    public String catalog(@CookieValue(value = "locale", required = false) String locale, Model model) {
        model.addAttribute("items", Catalog.ITEMS);
        model.addAttribute("greeting", "fr".equals(locale) ? "Bienvenue" : "Welcome to the shop");
        return "catalog";
    }

    /** One item (a JSP with session="false"); an unknown one is the app's own error page, status 200. */
    @GetMapping("/item")
    public String item(@RequestParam("id") int id, Model model) throws InterruptedException {
        if (RENDER_MS > 0) {
            Thread.sleep(RENDER_MS);
        }
        Catalog.Item item = Catalog.find(id);
        if (item == null) {
            model.addAttribute("message", "Item " + id + " not found");
            return "notfound";
        }
        model.addAttribute("item", item);
        return "item";
    }

    /** Links through encodeURL: rewritten with the new session's id on a first visit without cookies. */
    @GetMapping("/home")
    public String home() {
        return "home";
    }

    @GetMapping("/cart")
    public String cart(WebRequest request, Model model) {
        model.addAttribute("cart", cartOf(request));
        return "cart";
    }

    /** POST-redirect-GET with a flash attribute, which Spring keeps in the session meanwhile. */
    @PostMapping("/cart/add")
    public String add(@RequestParam("id") int id, WebRequest request, RedirectAttributes redirect) {
        Catalog.Item item = Catalog.find(id);
        List<String> cart = new ArrayList<>(cartOf(request));
        cart.add(item.getName());
        request.setAttribute("cart", cart, SESSION);
        redirect.addFlashAttribute("added", item.getName());
        return "redirect:/cart";
    }

    @GetMapping("/login")
    public String loginForm() {
        return "login";
    }

    @PostMapping("/login")
    public String login(@RequestParam("user") String user, WebRequest request) {
        request.setAttribute("user", user, SESSION);
        return "redirect:/catalog";
    }

    /** A form whose token is kept in the session and rendered into the page. */
    @GetMapping("/contact")
    public String contact(WebRequest request, Model model) {
        String token = UUID.randomUUID().toString();
        request.setAttribute("token", token, SESSION);
        model.addAttribute("token", token);
        return "contact";
    }

    /** JSON through Spring's converters, which commit the response before the filter sees it again. */
    @GetMapping(value = "/api/items", produces = "application/json")
    @ResponseBody
    public String items() {
        StringBuilder json = new StringBuilder("[");
        for (Catalog.Item item : Catalog.ITEMS) {
            json.append(json.length() > 1 ? "," : "").append("{\"id\":").append(item.getId())
                    .append(",\"name\":\"").append(item.getName()).append("\"}");
        }
        return json.append(']').toString();
    }

    @SuppressWarnings("unchecked")
    private static List<String> cartOf(WebRequest request) {
        Object cart = request.getAttribute("cart", SESSION);
        return cart == null ? new ArrayList<>() : (List<String>) cart;
    }
}
